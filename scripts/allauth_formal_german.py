"""Rebuild src/mitwirken/locale_allauth: formal ("Sie") versions of allauth's German strings.

Run from the repository root after upgrading django-allauth:
    uv run python scripts/allauth_formal_german.py && msgfmt -o src/mitwirken/locale_allauth/de/LC_MESSAGES/django.mo src/mitwirken/locale_allauth/de/LC_MESSAGES/django.po
It stops and lists new informal entries that have no formal version yet.
"""

import datetime
import re
import sys
from pathlib import Path

import allauth
import polib

SRC = Path(allauth.__file__).parent / "locale/de/LC_MESSAGES/django.po"
DST = Path("src/mitwirken/locale_allauth/de/LC_MESSAGES/django.po")

# msgid -> formal msgstr (all relevant entries have no msgctxt and no plural)
T = {
    # --- informal address -> formal "Sie" ---
    "You cannot remove your primary email address.": "Sie können Ihre primäre E-Mail-Adresse nicht entfernen.",
    "Please type your current password.": "Bitte geben Sie Ihr aktuelles Passwort ein.",
    "You cannot add more than %d email addresses.": "Sie können nicht mehr als %d E-Mail-Adressen hinzufügen.",
    "Too many failed login attempts. Try again later.": "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später erneut.",
    "Your primary email address must be verified.": "Ihre primäre E-Mail-Adresse muss bestätigt werden.",
    "Username can not be used. Please use other username.": "Dieser Anmeldename kann nicht verwendet werden. Bitte wählen Sie einen anderen Anmeldenamen.",
    "Please select only one.": "Bitte wählen Sie nur eine Option aus.",
    "Be patient, you are sending too many requests.": "Bitte haben Sie etwas Geduld, Sie senden zu viele Anfragen.",
    "You must type the same password each time.": "Sie müssen zweimal dasselbe Passwort eingeben.",
    "You must type the same email each time.": "Sie müssen zweimal dieselbe E-Mail-Adresse eingeben.",
    "View your user ID": "Ihre Benutzer-ID ansehen",
    "View your email address": "Ihre E-Mail-Adresse ansehen",
    "View your basic profile information": "Ihre grundlegenden Profilinformationen ansehen",
    "The scope(s) the client is allowed to request. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)": "Die Geltungsbereiche, die der Client anfordern darf. Geben Sie einen Wert pro Zeile an, z. B.: openid(ENTER)profile(ENTER)email(ENTER)",
    "In case the client does not specify any scope, these default scopes are used. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)": "Falls der Client keinen Geltungsbereich angibt, werden diese Standard-Geltungsbereiche verwendet. Geben Sie einen Wert pro Zeile an, z. B.: openid(ENTER)profile(ENTER)email(ENTER)",
    "A list of allowed grant types. Provide one value per line, e.g.: authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)": "Eine Liste erlaubter Grant-Typen. Geben Sie einen Wert pro Zeile an, z. B.: authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)",
    "A list of allowed response types. Provide one value per line, e.g.: code(ENTER)id_token token(ENTER)": "Eine Liste erlaubter Antworttypen. Geben Sie einen Wert pro Zeile an, z. B.: code(ENTER)id_token token(ENTER)",
    "An account already exists with this email address. Please sign in to that account first, then connect your %s account.": "Es existiert bereits ein Konto mit dieser E-Mail-Adresse. Bitte melden Sie sich zuerst bei diesem Konto an und verknüpfen Sie es anschließend mit Ihrem %s-Konto.",
    "Your account has no password set up.": "Für Ihr Konto wurde noch kein Passwort festgelegt.",
    "Your account has no verified email address.": "Ihr Konto hat keine bestätigte E-Mail-Adresse.",
    "Do you really want to remove the selected email address?": "Möchten Sie die ausgewählte E-Mail-Adresse wirklich entfernen?",
    "You are receiving this email because you or someone else tried to signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\nforgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s": "Sie erhalten diese E-Mail, weil Sie oder jemand anderes versucht hat, sich mit\nfolgender E-Mail-Adresse für ein Konto zu registrieren:\n\n%(email)s\n\nEs existiert jedoch bereits ein Konto mit dieser E-Mail-Adresse. Falls Sie dies\nvergessen haben, nutzen Sie bitte die Funktion „Passwort vergessen“, um wieder\nZugriff auf Ihr Konto zu erhalten:\n\n%(password_reset_url)s",
    "Thank you for using %(site_name)s!\n%(site_domain)s": "Vielen Dank, dass Sie %(site_name)s nutzen!\n%(site_domain)s",
    "Please Confirm Your Email Address": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    "Your password has been changed.": "Ihr Passwort wurde geändert.",
    "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password.": "Sie erhalten diese E-Mail, weil Sie oder jemand anderes das Zurücksetzen des Passworts für Ihr Benutzerkonto angefordert hat.\nFalls Sie dies nicht angefordert haben, können Sie diese E-Mail ignorieren. Klicken Sie auf den folgenden Link, um Ihr Passwort zurückzusetzen.",
    "In case you forgot, your username is %(username)s.": "Falls Sie ihn vergessen haben: Ihr Anmeldename lautet %(username)s.",
    "Your email address is still pending verification.": "Die Bestätigung Ihrer E-Mail-Adresse steht noch aus.",
    'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.': 'Bitte bestätigen Sie, dass <a href="mailto:%(email)s">%(email)s</a> eine E-Mail-Adresse von %(user_display)s ist.',
    'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.': 'Dieser Bestätigungslink ist abgelaufen oder ungültig. Bitte <a href="%(email_url)s">fordern Sie eine neue Bestätigungs-E-Mail an</a>.',
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.": "Falls Sie noch kein Konto haben, %(link)sregistrieren Sie sich bitte zunächst%(end_link)s.",
    "Are you sure you want to sign out?": "Sind Sie sicher, dass Sie sich abmelden möchten?",
    "You cannot remove your primary email address (%(email)s).": "Sie können Ihre primäre E-Mail-Adresse (%(email)s) nicht entfernen.",
    "You have confirmed %(email)s.": "Sie haben die E-Mail-Adresse %(email)s bestätigt.",
    "You have signed out.": "Sie haben sich abgemeldet.",
    "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it.": "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein. Wir senden Ihnen dann eine E-Mail, mit der Sie Ihr Passwort zurücksetzen können.",
    "Please contact us if you have any trouble resetting your password.": "Bitte kontaktieren Sie uns, falls beim Zurücksetzen Ihres Passworts Probleme auftreten.",
    "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes.": "Wir haben Ihnen eine E-Mail gesendet. Falls Sie diese nicht erhalten haben, prüfen Sie bitte Ihren Spam-Ordner. Sollte die E-Mail auch nach einigen Minuten nicht eingehen, kontaktieren Sie uns bitte.",
    'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.': 'Der Link zum Zurücksetzen des Passworts ist ungültig, möglicherweise wurde er bereits verwendet. Bitte fordern Sie einen <a href="%(passwd_reset_url)s">neuen Link zum Zurücksetzen des Passworts</a> an.',
    "Your password is now changed.": "Ihr Passwort wurde geändert.",
    "Your phone number is still pending verification.": "Die Bestätigung Ihrer Telefonnummer steht noch aus.",
    "Already have an account? Then please %(link)ssign in%(end_link)s.": "Sie haben bereits ein Konto? Dann %(link)smelden Sie sich bitte an%(end_link)s.",
    "You are already logged in as %(user_display)s.": "Sie sind bereits als %(user_display)s angemeldet.",
    "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc.": "Sie haben derzeit keine E-Mail-Adresse hinterlegt. Bitte fügen Sie eine E-Mail-Adresse hinzu, damit Sie Benachrichtigungen erhalten, Ihr Passwort zurücksetzen können usw.",
    "Verify Your Email Address": "Bestätigen Sie Ihre E-Mail-Adresse",
    "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes.": "Wir haben Ihnen eine E-Mail zur Bestätigung gesendet. Bitte folgen Sie dem darin enthaltenen Link, um die Registrierung abzuschließen. Falls Sie die Bestätigungs-E-Mail nicht in Ihrem Posteingang finden, prüfen Sie bitte Ihren Spam-Ordner. Sollten Sie die Bestätigungs-E-Mail nicht innerhalb weniger Minuten erhalten, kontaktieren Sie uns bitte.",
    "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. ": "Für diesen Bereich der Website müssen wir sicherstellen,\ndass Sie die Person sind, als die Sie sich ausgeben. Dazu müssen Sie\nbestätigen, dass die E-Mail-Adresse Ihnen gehört. ",
    "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes.": "Wir haben Ihnen eine E-Mail zur\nBestätigung gesendet. Bitte klicken Sie auf den Link in dieser E-Mail. Falls Sie die Bestätigungs-E-Mail nicht in Ihrem Posteingang finden, prüfen Sie bitte Ihren Spam-Ordner. Sollten Sie die E-Mail nicht\ninnerhalb weniger Minuten erhalten, kontaktieren Sie uns bitte.",
    '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.': '<strong>Hinweis:</strong> Sie können <a href="%(email_url)s">Ihre E-Mail-Adresse noch ändern</a>.',
    "%(client_name)s wants to access your %(site_name)s account.": "%(client_name)s möchte auf Ihr Konto bei %(site_name)s zugreifen.",
    "Enter the code displayed on your device.": "Geben Sie den auf Ihrem Gerät angezeigten Code ein.",
    "Please confirm the code shown on your %(client_name)s to authorize this device.": "Bitte bestätigen Sie den auf Ihrem Gerät %(client_name)s angezeigten Code, um dieses Gerät zu autorisieren.",
    "You successfully authorized your %(client_name)s device.": "Sie haben Ihr Gerät %(client_name)s erfolgreich autorisiert.",
    "Authorization for your %(client_name)s device has been denied.": "Die Autorisierung für Ihr Gerät %(client_name)s wurde abgelehnt.",
    "You are about to generate a new set of recovery codes for your account.": "Sie sind dabei, einen neuen Satz Wiederherstellungscodes für Ihr Konto zu generieren.",
    "You are about to deactivate authenticator app based authentication. Are you sure?": "Sie sind dabei, die Authentifizierung per Authenticator-App zu deaktivieren. Sind Sie sicher?",
    "You are about to connect a new third-party account from %(provider)s.": "Sie sind dabei, ein neues Drittanbieterkonto von %(provider)s zu verknüpfen.",
    "You are about to sign in using a third-party account from %(provider)s.": "Sie sind dabei, sich mit einem Drittanbieterkonto von %(provider)s anzumelden.",
    'You decided to cancel logging in to our site using one of your existing accounts. If this was a mistake, please proceed to <a href="%(login_url)s">sign in</a>.': 'Sie haben die Anmeldung mit einem Ihrer bestehenden Konten abgebrochen. Falls dies ein Versehen war, können Sie sich <a href="%(login_url)s">hier anmelden</a>.',
    "You are about to use your %(provider_name)s account to login to\n%(site_name)s. As a final step, please complete the following form:": "Sie sind dabei, sich mit Ihrem %(provider_name)s-Konto bei\n%(site_name)s anzumelden. Bitte füllen Sie abschließend das folgende Formular aus:",
    # --- already formal/neutral in allauth, but wrong or awkward ---
    "The new value must be different from the current one.": "Der neue Wert muss sich vom aktuellen unterscheiden.",  # "Die neue Wert"
    "If you do not recognize this change then please take proper security precautions immediately. The change to your account originates from:\n\n- IP address: %(ip)s\n- Browser: %(user_agent)s\n- Date: %(timestamp)s": "Wenn Sie diese Änderung nicht erkennen, ergreifen Sie bitte umgehend angemessene Sicherheitsmaßnahmen. Die Änderung an Ihrem Konto stammt von:\n\n- IP-Adresse: %(ip)s\n- Browser: %(user_agent)s\n- Datum: %(timestamp)s",  # stray trailing quote
    "Your email verification code is listed below. Please enter it in your open browser window.": "Ihr E-Mail-Bestätigungscode ist unten aufgeführt. Bitte geben Sie ihn in Ihrem geöffneten Browserfenster ein.",  # "diese"
    "Your password reset code is listed below. Please enter it in your open browser window.": "Ihr Code zum Zurücksetzen des Passworts ist unten aufgeführt. Bitte geben Sie ihn in Ihrem geöffneten Browserfenster ein.",  # "Ihre ...code"
    "Enter Password Reset Code": "Code zum Zurücksetzen des Passworts eingeben",  # "… Eingeben"
    "Marked {email} as verified.": "{email} als verifiziert markiert.",  # was infinitive/imperative meaning
    "Re-send Verification": "Bestätigungs-E-Mail erneut senden",  # "nochmal verschicken"
    "Email Address": "E-Mail-Adresse",  # "Email-Adresse"
    "Change Email": "E-Mail-Adresse ändern",  # "Email ändern"
    "Removed email address %(email)s.": "E-Mail-Adresse %(email)s entfernt.",  # "E-Mailadresse"
    "Primary email address set.": "Primäre E-Mail-Adresse festgelegt.",  # "E-Mailadresse"
}

INFORMAL = re.compile(
    r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*|bist|hast|kannst|musst|möchtest|solltest|erhältst|"
    r"gib|lass|klick|klicke|folge|wähle|versuche|überprüfe|prüfe|kontaktiere|erstelle|bestätige|"
    r"melde|habe|verwende|rufe|sende|speichere|scanne|füge)\b",
    re.I,
)

# "Ich habe …" is first person, not an informal imperative
FIRST_PERSON = {"I have saved my recovery codes"}

src = polib.pofile(str(SRC))
out = polib.POFile(wrapwidth=79)
out.metadata = {
    "Project-Id-Version": "mitwirken (django-allauth overrides)",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": src.metadata.get("POT-Creation-Date", ""),
    "PO-Revision-Date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z"),
    "Last-Translator": "mitwirken",
    "Language-Team": "German",
    "Language": "de",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
out.header = (
    'Formal ("Sie") overrides for django-allauth\'s German catalogue.\n'
    f"Based on django-allauth locale/de (POT-Creation-Date {src.metadata.get('POT-Creation-Date', '')}).\n"
    "Only entries that differ from allauth are listed; everything else falls\n"
    "back to allauth's own catalogue."
)

used = set()
missing = []
for e in src:
    if e.obsolete:
        continue
    strs = [e.msgstr] + list(e.msgstr_plural.values())
    informal = any(INFORMAL.search(s) for s in strs) and e.msgid not in FIRST_PERSON
    if e.msgid in T and e.msgctxt is None and not e.msgid_plural:
        new = T[e.msgid]
        used.add(e.msgid)
        # newline / placeholder sanity
        assert new.startswith("\n") == e.msgid.startswith("\n"), e.msgid
        assert new.endswith("\n") == e.msgid.endswith("\n"), e.msgid
        ph = lambda s: sorted(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|\{\{.*?\}\}|<[^>]+>", s))
        assert ph(new) == ph(e.msgid), (e.msgid, ph(new), ph(e.msgid))
        assert new != e.msgstr, e.msgid
        ne = polib.POEntry(
            msgid=e.msgid,
            msgstr=new,
            occurrences=e.occurrences,
            comment=e.comment,
            tcomment="allauth: " + e.msgstr.replace("\n", "\\n"),
        )
        out.append(ne)
    elif informal:
        missing.append((e.msgctxt, e.msgid, strs))

unused = set(T) - used
if missing or unused:
    for m in missing:
        print("MISSING:", m)
    for u in unused:
        print("UNUSED:", repr(u))
    sys.exit(1)

# final check: nothing informal left in our msgstrs
for e in out:
    m = INFORMAL.search(e.msgstr)
    if m:
        print("STILL INFORMAL?", m.group(0), "|", e.msgstr)

DST.parent.mkdir(parents=True, exist_ok=True)
out.save(str(DST))
print("entries written:", len(out))
