"""A small SMTP server on loopback for tests that run a real worker process: it records every
message it accepted, and can hold back its answer to a message (``stall``) so that a test
can kill the sending worker in the middle of sending."""

import socket
import socketserver
import threading


def _closed_by_client(connection) -> bool:
    connection.setblocking(False)
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False  # open, nothing to read
    except OSError:
        return True
    finally:
        connection.setblocking(True)


class SMTPSink:
    def __init__(self):
        self.accepted: list[str] = []  # the raw messages answered with 250
        self.received = threading.Event()  # a message arrived (accepted or held back)
        self.release = threading.Event()  # held-back messages are answered from now on
        self.release.set()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                while line := self.rfile.readline():
                    command = line.strip().upper()
                    if command.startswith((b"EHLO", b"HELO")):
                        self.wfile.write(b"250 sink\r\n")
                    elif command == b"DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data)
                        sink.received.set()
                        sink.release.wait(timeout=60)
                        if not data or _closed_by_client(self.connection):
                            return  # the sender died before it heard back: not delivered
                        sink.accepted.append(b"".join(lines).decode("utf-8", "replace"))
                        self.wfile.write(b"250 queued\r\n")
                    elif command == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:  # MAIL FROM, RCPT TO, RSET, NOOP
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def stall(self):
        self.release.clear()

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
