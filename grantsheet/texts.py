"""Every user-facing text of grantsheet, in Swedish (default) and English.

Workbook labels, terminal messages and input problems all come from here, so a
translation or a change of wording is made in one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:  # imported at run time only where a Fraction can exist (``number``)
    from fractions import Fraction

DEFAULT_LANGUAGE = "sv"

# key -> (Swedish, English)
LABELS: dict[str, tuple[str, str]] = {
    # Locations and problem lines
    "where_sheet": ('blad "{sheet}"', 'sheet "{sheet}"'),
    "where_cell": ("cell {cell}", "cell {cell}"),
    "where_line": ("rad {line}", "line {line}"),
    "problem_line": ("{where}: {message} Försök: {fix}", "{where}: {message} Try: {fix}"),
    "severity_error": ("FEL", "ERROR"),
    "severity_warning": ("VARNING", "WARNING"),
    # The types of a grant file's settings, in problems about them
    "type_int": ("ett heltal", "a whole number"),
    "type_text": ("en text inom citattecken", "a text in quotes"),
    "type_bool": ("true eller false", "true or false"),
    "type_date": ("ett datum skrivet ÅÅÅÅ-MM-DD utan citattecken", "a date written YYYY-MM-DD without quotes"),
    "type_datetime": ("en tidpunkt", "a date and time"),
    "type_time": ("ett klockslag", "a time of day"),
    "type_float": ("ett decimaltal", "a decimal number"),
    "type_table": ("en tabell", "a table"),
    "type_list": ("en lista", "a list"),
    "term_or": (" eller ", " or "),
    "grant_top_level": ("filens översta nivå", "the file's top level"),
    # The command line's --help (grantsheet.cli_help): in the language of --lang, else
    # GRANTSHEET_LANG, else Swedish. Click's own words (usage, options, default) too.
    "help_usage": ("Användning:", "Usage:"),
    "help_options": ("Flaggor", "Options"),
    "help_commands": ("Kommandon", "Commands"),
    "help_options_metavar": ("[FLAGGOR]", "[OPTIONS]"),
    "help_command_metavar": ("KOMMANDO [ARGUMENT]...", "COMMAND [ARGS]..."),
    "help_default": ("standard: {default}", "default: {default}"),
    "help_required": ("krävs", "required"),
    "help_opt_help": ("Visa den här hjälpen och avsluta.", "Show this message and exit."),
    "help_opt_version": ("Visa versionen och avsluta.", "Show the version and exit."),
    # Click's usage errors (grantsheet.cli_help), in the help's language: the facts (an option's
    # name, the suggestions, the allowed values) are click's. The English is click's own words.
    "click_error": ("Fel: {message}", "Error: {message}"),
    "click_try_help": ("Skriv '{command} {option}' för att få hjälp.", "Try '{command} {option}' for help."),
    "click_no_such_option": ("Det finns ingen flagga {name}.", "No such option {name}."),
    "click_no_such_command": ("Det finns inget kommando {name}.", "No such command {name}."),
    "click_did_you_mean": ("Menade du {possibility}?", "Did you mean {possibility}?"),
    "click_did_you_mean_one_of": ("(Menade du något av: {possibilities}?)", "(Did you mean one of: {possibilities}?)"),
    "click_invalid_value": ("Ogiltigt värde: {message}", "Invalid value: {message}"),
    "click_invalid_value_for": ("Ogiltigt värde för {param}: {message}", "Invalid value for {param}: {message}"),
    "click_not_one_of": ("{value} är inte något av {choices}.", "{value} is not one of {choices}."),
    "click_choose_from": ("Välj bland:\n\t{choices}", "Choose from:\n\t{choices}"),
    "click_missing_option": ("Flaggan {param} saknas.", "Missing option {param}."),
    "click_missing_argument": ("Argumentet {param} saknas.", "Missing argument {param}."),
    "click_missing_parameter": ("Parametern {param} saknas.", "Missing parameter {param}."),
    "click_option_needs_value": ("Flaggan {name} behöver ett värde.", "Option {name} requires an argument."),
    "click_option_takes_no_value": ("Flaggan {name} tar inget värde.", "Option {name} does not take a value."),
    "click_extra_argument": ("Oväntat extra argument ({args})", "Got unexpected extra argument ({args})"),
    "click_extra_arguments": ("Oväntade extra argument ({args})", "Got unexpected extra arguments ({args})"),
    "help_cmd_main": (
        "Fördelar ett statsbidrag över hälsocentraler i hela kronor och skriver en Excel-arbetsbok "
        "som en revisor kan följa till kronan.\n\nVanligt arbetssätt: grantsheet check, sedan grantsheet build.",
        "Split a grant over health centres in whole kronor and write an auditable Excel workbook."
        "\n\nTypical use: grantsheet check, then grantsheet build.",
    ),
    "help_cmd_init": (
        "Skapa en ny arbetsmapp i DIRECTORY: inputs/ med en bidragsfil och tomma indataarbetsböcker "
        "(eller ett exempels bidragsfil och indata, med --example NAMN).",
        "Create a fresh workspace in DIRECTORY: inputs/ with a grant file and blank input workbooks "
        "(or an example's grant file and inputs, with --example NAME).",
    ),
    "help_cmd_check": (
        "Kontrollera indata utan att skriva något; lista varje problem som hittas.",
        "Validate the inputs without writing anything; list every problem found.",
    ),
    "help_cmd_build": (
        "Fördela varje pott och skriv huvudarbetsboken; skriv ut en kort sammanfattning.",
        "Allocate every pool and write the master workbook; print a short summary.",
    ),
    "help_cmd_verify": (
        "Granska arbetsböcker som grantsheet skrivit: huvudarbetsböcker eller hälsocentralernas filer.\n\n"
        "En huvudarbetsbok jämförs med det bygge dess sigill anger: varje indatarad, pottens belopp "
        "(mot beslutet) och formel, och det revisorer letar efter (dolda blad, rader och kolumner, "
        "konstanter i formler, externa länkar, definierade namn, manuell eller iterativ beräkning, "
        "borttaget skydd, felceller, uppföljningsposter som bryter mot sin validering). Räknar om "
        "fördelningen från arbetsbokens egna indatablad och parametrar, räknar om med LibreOffice när det "
        "finns, och rapporterar kontroller som fallerar och utbetalningar som skiljer sig. Anger den "
        "journalpost vars bygge skrev varje fil och jämför varje kontrollsumma som både posten och "
        "sigillet har; med --key eller --fingerprint avvisas en huvudarbetsbok eller post som inte "
        "signerats med den nyckeln. Slutkod 1 vid varje anmärkning.",
        "Verify workbooks written by grantsheet: master or per-centre files.\n\n"
        "A master is compared with the build its seal records: every input row, pool amount "
        "(against the decision) and formula, and the risks auditors look for (hidden sheets, "
        "rows and columns, constants in formulas, external links, defined names, manual or "
        "iterative calculation, removed protection, error cells, follow-up entries that break "
        "their validation). Re-derives the allocation from the workbook's own input sheets and "
        "parameters, recalculates with LibreOffice when installed, and reports failing checks "
        "and differing payouts. Names the journal entry of the build that wrote each file and "
        "cross-checks every hash the entry and the seal both hold; with --key or --fingerprint, "
        "refuses a master or an entry not signed with that key. Exit code 1 on any finding.",
    ),
    "help_cmd_diff": (
        "Jämför två arbetsböcker från grantsheet: FÖRE.xlsx EFTER.xlsx, två huvudarbetsböcker eller två "
        "hälsocentralsfiler.\n\nListar vad som skiljer i parametrarna (potternas belopp och metoder), "
        "indataraderna, varje hälsocentrals utbetalning per pott med de ändringar som flyttade den "
        "(potten, hälsocentralens egen nyckel och indataraderna bakom den, den totala nyckeln, metoden, "
        "eller enbart regeln om största rest) och uppföljningsposterna. Med --scenario ALT.toml: vad-om "
        "med en annan bidragsfil. Slutkod 0 när inget skiljer, 1 när något gör det (som diff).",
        "Compare two grantsheet workbooks: BEFORE.xlsx AFTER.xlsx, two masters or two centre files.\n\n"
        "Lists what differs in the parameters (pool amounts and methods), the input rows, each "
        "centre's payout per pool with the changes that moved it (the pool, the centre's own key "
        "and the input rows behind it, the total key, the method, or the largest-remainder rule "
        "alone), and the follow-up entries. With --scenario ALT.toml, the what-if of another grant "
        "file. Exit code 0 when nothing differs, 1 when something does (as diff does).",
    ),
    "help_cmd_history": (
        "Lista varje bygge som journalerna anger, äldst först: när (i datorns tidszon), av vem på "
        "vilken dator, på vilket språk, grantsheets version, varje indatafils SHA-256, per pott beloppet, "
        "nyckeln och utbetald summa, och huvudarbetsbokens SHA-256. En post vars rad före ändrats eller "
        "tagits bort markeras.",
        "List every build the journals record, oldest first: when (in the computer's time zone), by "
        "whom on which host, in which language, the grantsheet version, each input's SHA-256, per pool "
        "the amount, key and sum paid, and the master's SHA-256. An entry whose line before it was "
        "edited or removed is marked.",
    ),
    "help_cmd_approve": (
        "Attestera det senaste bygget: skriv i byggjournalen vem som attesterade det, när, och "
        "SHA-256 för huvudarbetsboken och varje fil bygget skrev, signerat med din nyckel. Den som "
        "attesterar måste vara en annan person än den som byggde; [approval] i bidragsfilen kan ange vilka "
        "som får attestera och hur många attester ett bygge behöver. export --sie och mail --send kräver "
        "ett attesterat bygge vars filer inte ändrats sedan dess. Ett nytt bygge upphäver attesten.",
        "Approve (attest) the last build: record in the build journal who approved it, when, "
        "and the SHA-256 of the master and every file it wrote, signed with your key. The "
        "approver must be another person than the builder; [approval] in the grant file may name "
        "who may approve and how many approvals a build needs. export --sie and mail --send need "
        "an approved build whose files are unchanged since. A rebuild voids the approval.",
    ),
    "help_cmd_collect": (
        "Samla returnerade uppföljningsfiler (filer eller mappar) i en sammanställningsarbetsbok.\n\n"
        "Filerna knyts till hälsocentralerna genom id:t som finns sparat i dem, så omdöpta filer går bra; "
        ".ods-filer läses genom LibreOffice och bifogade .zip öppnas, och varje fil som inte läses nämns "
        "med skälet. Poster inskrivna på huvudarbetsbokens uppföljningsblad räknas också. Listar "
        "hälsocentraler som inte rapporterat och dem som skickat tillbaka en tom blankett, och flaggar "
        "ogiltiga belopp och datum, saknad kontaktperson eller datum, använt > mottaget, motstridiga "
        "värden och formelceller som skrivits över på något blad. Slutkod 1 när något flaggas.",
        "Collect returned follow-up files (files or folders) into a summary workbook.\n\n"
        "Files are matched to centres by the id stored inside them, so renamed files work; "
        ".ods files are read through LibreOffice and .zip attachments opened, and every file "
        "that is not read is named with the reason. Entries typed into the master's follow-up "
        "sheet count too. Lists centres that have not reported and those that sent a blank "
        "form back, and flags invalid amounts and dates, a missing contact or date, used > "
        "received, conflicting values and formula cells typed over on any sheet. Exit code 1 "
        "when anything is flagged.",
    ),
    "help_cmd_serve": (
        "Visa arbetsmappen som en sida i webbläsaren: se indata och deras problem, släpp nya indatafiler, "
        "bygg med förlopp, ladda ned resultaten, samla in returer, granska arbetsböcker.",
        "Show the workspace as a page in the browser: see the inputs and their problems, drop new "
        "input files, build with progress, download the results, collect returns, verify workbooks.",
    ),
    "help_cmd_export": (
        "Exportera det senaste byggets utbetalningar: till bokföringen som SIE 4 (en verifikation, en "
        "debet per hälsocentral på dess kostnadsställe från registret och motkontering), och som CSV eller "
        "JSON (per hälsocentral och pott: id, namn, nyckel, utbetalning och huvudarbetsboken de kom "
        "från).\n\nBygget måste finnas och ha de utbetalningar som indata ger nu (kör grantsheet build först).",
        "Export the payouts of the last build: for the ledger as SIE 4 (one voucher, a debit per "
        "centre on its cost centre from the register and the counter entry), and as CSV or JSON "
        "(per centre and pool: id, name, key, payout, and the master workbook they came from).\n\n"
        "The build must exist and hold the payouts the inputs give now (run grantsheet build first).",
    ),
    "help_cmd_mail": (
        "Skriv ett e-postutkast (.eml) per hälsocentral under outputs/<år>/e-post/, med dess arbetsbok "
        "(och PDF) bifogad, adresserat från registrets e-postkolumn, formulerat efter mallarna i [mail] i "
        "bidragsfilen. --reminders --returns MAPP skriver påminnelser till de hälsocentraler som inte "
        "rapporterat. --send skickar dem (SMTP enligt [mail], lösenordet från den miljövariabel som anges "
        "där) efter att ha visat hur många och till vilka.",
        "Write one e-mail draft (.eml) per centre under outputs/<year>/e-post/, with its workbook "
        "(and PDF) attached, addressed from the register's e-mail column, worded by the templates "
        "of [mail] in the grant file. --reminders --returns DIR drafts reminders to the centres "
        "that have not reported. --send sends them (SMTP from [mail], the password from the "
        "environment variable it names) after showing how many and to whom.",
    ),
    "help_cmd_watch": (
        "Bygg om varje gång en fil i indatamappen ändras; skriv ut sammanfattningen varje gång.\n\n"
        "Väntar medan en indatafil är öppen i Excel eller LibreOffice (dess låsfil finns). Ett bygge vars "
        "indata har problem listar dem och fortsätter bevaka.",
        "Build again whenever a file in the inputs folder changes; print the summary each time.\n\n"
        "Waits while an input is open in Excel or LibreOffice (its lock file is present). A build "
        "whose inputs have problems lists them and keeps watching.",
    ),
    "help_opt_lang": (
        "Språk för meddelanden, arbetsboken och den här hjälpen (standard: bidragsfilens, annars svenska). "
        "Sätts också av GRANTSHEET_LANG.",
        "Language of messages, the workbook and this help (default: the grant file's, else Swedish). "
        "Also set by GRANTSHEET_LANG.",
    ),
    "help_opt_inputs": (
        "Mappen med grant.toml och indataarbetsböckerna.",
        "Folder with grant.toml and the input workbooks.",
    ),
    "help_opt_inputs_grant": (
        "Mappen med bidragsfilen: var och när oanvända medel betalas tillbaka (används när den finns).",
        "Folder with the grant file: where and by when unused funds are repaid (used when it exists).",
    ),
    "help_opt_outputs": (
        "Mappen som arbetsböckerna skrivs till (en undermapp per år).",
        "Folder the workbooks are written to (one subfolder per year).",
    ),
    "help_opt_outputs_scenario": (
        "Mappen som byggena skrev till (med --scenario).",
        "Folder the builds wrote to (with --scenario).",
    ),
    "help_opt_outputs_journals": (
        "Mappen som byggena skrev till; varje års journal är outputs/<år>/grantsheet-journal.jsonl.",
        "Folder the builds wrote to; each year's journal is outputs/<year>/grantsheet-journal.jsonl.",
    ),
    "help_opt_signing_key": (
        "Regionens privata signeringsnyckel (Ed25519, PEM), utanför arbetsmappen; också "
        "GRANTSHEET_SIGNING_KEY. Standard: din egen, skapad första gången i din konfigurationsmapp.",
        "The region's private signing key (Ed25519, PEM), outside the workspace; also "
        "GRANTSHEET_SIGNING_KEY. Default: your own, made on first use in your configuration folder.",
    ),
    # One example a line (click's \b keeps the lines): wrapped, a name would break at its hyphens.
    "help_opt_example": (
        "Börja från ett medföljande exempel i stället för den tomma mallen:\n\n\b\n"
        "vasterbotten-2022: två potter, boendeplatser och 80+\n"
        "per-utford-2021: ett belopp per utförd insats, med tak\n"
        "nationell-2021: 298,5 Mkr till 21 regioner efter 80+\n"
        "cares-act-2020: 139 mdr USD till 50 delstater, ett\n"
        "  lägsta belopp var\n"
        "regioner-befolkning-2024: 100 Mkr efter en tabell som\n"
        "  bidragsfilen deklarerar\n\n"
        "Exemplens siffror är påhittade eller avrundade och arbetsboken säger det.",
        "Start from a shipped example instead of the blank template:\n\n\b\n"
        "vasterbotten-2022: two pools, bed places and 80+\n"
        "per-utford-2021: a capped rate per performed review\n"
        "nationell-2021: 298.5 MSEK over 21 regions by 80+\n"
        "cares-act-2020: 139 bn USD over 50 states, a\n"
        "  minimum each\n"
        "regioner-befolkning-2024: 100 MSEK by a table the\n"
        "  grant file declares\n\n"
        "Example figures are invented or rounded and the workbook says so.",
    ),
    "help_opt_pdf": (
        "Skriv också varje hälsocentrals fil (brev och blankett) som PDF bredvid den, och utbetalningslistan "
        "(LibreOffice).",
        "Also print each centre's file (letter and form) as a PDF beside it, and the payout list (LibreOffice).",
    ),
    "help_opt_grant": (
        "En annan bidragsfil än INPUTS/grant.toml (ett vad-om: ge den en egen --outputs; jämför sedan de "
        "två huvudarbetsböckerna med grantsheet diff, eller använd grantsheet diff --scenario).",
        "Another grant file than INPUTS/grant.toml (a what-if: give it its own --outputs; "
        "then grantsheet diff the two masters, or use grantsheet diff --scenario).",
    ),
    "help_opt_no_recalc": (
        "Räkna inte om med LibreOffice (snabbare, mindre grundligt).",
        "Do not recalculate with LibreOffice (faster, less thorough).",
    ),
    "help_opt_journal": (
        "Byggjournalen som filerna slås upp i (standard: grantsheet-journal.jsonl bredvid varje fil).",
        "The build journal to look the files up in (default: grantsheet-journal.jsonl beside each file).",
    ),
    "help_opt_public_key": (
        "Regionens publika nyckel (PEM): huvudarbetsbokens sigill och dess journalpost måste vara signerade med den.",
        "The region's public key (PEM): the master's seal and its journal entry must be signed with it.",
    ),
    "help_opt_fingerprint": (
        "I stället för --key: nyckelns fingeravtryck som det står på översikten, utbetalningslistan och breven.",
        "Instead of --key: the key's fingerprint as printed on the overview, the payout list and the letters.",
    ),
    "help_opt_scenario": (
        "Ett vad-om: bygg huvudarbetsboken för --inputs med den här bidragsfilen i stället för grant.toml "
        "(till OUTPUTS/<år>-scenario/, ingen journalpost) och jämför årets huvudarbetsbok (eller FILES) "
        "med den.",
        "A what-if: build the master of --inputs with this grant file instead of grant.toml "
        "(into OUTPUTS/<year>-scenario/, no journal entry) and compare the year's master (or FILES) with it.",
    ),
    "help_opt_year": ("Bara det här bidragsårets byggen.", "Only this grant year's builds."),
    "help_opt_reject": (
        "Avslå bygget i stället (med --comment som säger vad som ska rättas).",
        "Reject the build instead (with --comment saying what to correct).",
    ),
    "help_opt_comment": (
        "En kommentar som sparas med attesten eller avslaget.",
        "A comment recorded with the approval or rejection.",
    ),
    "help_opt_as": (
        "Attestera under det här namnet (så som sidan namnger dig) i stället för ditt användarnamn i "
        "operativsystemet; journalen sparar också OS-användaren, och ingen av dem får vara byggarens.",
        "Approve under this name (as the page names you) rather than your operating system "
        "user name; the journal records the OS user too, and neither may be the builder's.",
    ),
    "help_opt_master": (
        "Huvudarbetsboken som returerna svarar på (den säger vem som ska rapportera och vad de fått).",
        "The master workbook the returns answer (it says who should report and what they received).",
    ),
    "help_opt_output": ("Var sammanställningen skrivs.", "Where to write the summary workbook."),
    "help_opt_host": (
        "Adress att lyssna på. Alla utom loopback kräver --token.",
        "Address to listen on. Any but loopback needs --token.",
    ),
    "help_opt_port": ("Port att lyssna på.", "Port to listen on."),
    "help_opt_token": (
        "Åtkomsttoken som varje förfrågan måste ha (krävs med en annan --host än loopback). NAMN:TOKEN är "
        "NAMNs token, och byggjournalen sparar NAMN för de byggen som görs med den; en token utan namn är "
        "delad, och inloggningen frågar då också efter ett namn. Upprepa för fler användare; "
        "GRANTSHEET_TOKEN håller dem åtskilda med mellanslag.",
        "Access token every request must carry (required with a --host other than loopback). "
        "NAME:TOKEN is NAME's token, and the build journal records NAME for the builds made with it; "
        "a token without a name is shared, and the login asks a name too. Repeat for more users; "
        "GRANTSHEET_TOKEN holds them separated by spaces.",
    ),
    "help_opt_trusted_user_header": (
        "Bara bakom en omvänd proxy som autentiserar användarna och själv sätter den här rubriken "
        "(och skriver över vad en klient skickat), t.ex. X-Remote-User: dess värde är den användare "
        "byggjournalen sparar. Av som standard: ingen rubrik litas på.",
        "Only behind a reverse proxy that authenticates the users and sets this header itself "
        "(overwriting what a client sent), e.g. X-Remote-User: its value is the user the build "
        "journal records. Off by default: no header is trusted.",
    ),
    "help_opt_no_browser": ("Öppna inte sidan i en webbläsare.", "Do not open the page in a browser."),
    "help_opt_sie": (
        "SIE 4-importfil för bokföringen (konton från [ledger]).",
        "SIE 4 import file for the ledger (accounts from [ledger]).",
    ),
    "help_opt_csv": (
        "CSV, en rad per hälsocentral och pott, så som svenska Excel öppnar den (';', decimalkomma, UTF-8 med BOM).",
        "CSV, one row per centre and pool, as Swedish Excel opens it (';', decimal comma, UTF-8 with BOM).",
    ),
    "help_opt_csv_plain": (
        "CSV enligt RFC 4180: ',', decimalpunkt, UTF-8 utan BOM.",
        "The CSV as RFC 4180: ',', decimal point, UTF-8 without BOM.",
    ),
    "help_opt_json": ("JSON: bygget och utbetalningarna.", "JSON: the build and the payouts."),
    "help_opt_reminders": (
        "Skriv påminnelser till de hälsocentraler som inte rapporterat (kräver --returns).",
        "Draft reminders to the centres that have not reported (needs --returns).",
    ),
    "help_opt_returns": (
        "Returnerade filer eller mappar, lästa som collect läser dem (med --reminders; får upprepas).",
        "Returned files or folders, read as collect reads them (with --reminders; may be repeated).",
    ),
    "help_opt_send": (
        "Skicka utkasten genom SMTP-servern i [mail] efter en bekräftelse.",
        "Send the drafts through the SMTP server of [mail] after a confirmation.",
    ),
    "help_opt_yes": ("Med --send: fråga inte om bekräftelse.", "With --send: do not ask for confirmation."),
    # Command line
    # The heading of a list of problems says whose they are (InputError.subject).
    "cli_problems_inputs": (
        "Indata har {count} problem; inget skrevs:",
        "The inputs have {count:problem|problems}; nothing was written:",
    ),
    "cli_problems_outputs": (
        "Utdatafilerna har {count} problem; inget skrevs:",
        "The outputs have {count:problem|problems}; nothing was written:",
    ),
    "cli_problems_returns": (
        "De returnerade filerna har {count} problem; inget skrevs:",
        "The returned files have {count:problem|problems}; nothing was written:",
    ),
    "cli_created": ("Skapade {path}", "Created {path}"),
    "cli_init_next": (
        "Nästa steg: fyll i indata i {inputs}, kontrollera dem med "
        "'grantsheet check --inputs {inputs}' och fördela med 'grantsheet build --inputs {inputs} --outputs {outputs}'.",
        "Next: fill in the inputs in {inputs}, check them with "
        "'grantsheet check --inputs {inputs}' and build with 'grantsheet build --inputs {inputs} --outputs {outputs}'.",
    ),
    "cli_unknown_example": (
        "Det finns inget exempel {name!r}. Exemplen är: {names}.",
        "There is no example {name!r}. The examples are: {names}.",
    ),
    "cli_nothing_created": (
        "{path} fanns redan; inget skrevs över.",
        "{path} already existed; nothing was overwritten.",
    ),
    "cli_check_ok": (
        "Indata är i ordning: {centres:@noun@|@nouns@}, {rows:rad|rader}.",
        "The inputs are in order: {centres:@noun@|@nouns@}, {rows:row|rows}.",
    ),
    "cli_pool_summary": (
        "{pool}: {amount} @kr@, nyckel {key} {unit}, {rate} @kr@ per enhet, utbetalt {paid} @kr@",
        "{pool}: {amount} @kr@, key {key} {unit}, {rate} @kr@ per unit, paid {paid} @kr@",
    ),
    "file_payout_pdf": ("{stem} utbetalningar.pdf", "{stem} payouts.pdf"),
    "cli_pdfs_written": (
        "{count:PDF|PDF:er} skrevs bredvid arbetsböckerna; utbetalningslistan: {path}",
        "{count:PDF|PDFs} written beside the workbooks; the payout list: {path}",
    ),
    "dir_mail": ("e-post", "mail"),
    "dir_reminders": ("påminnelser", "reminders"),
    "file_reminder_summary": ("sammanstallning.xlsx", "summary.xlsx"),
    "mail_amount": ("{amount} {currency}", "{currency} {amount}"),  # "1 234 kr", "SEK 1 234", "USD 1 234"
    "mail_no_deadline": ("snarast", "as soon as possible"),
    "mail_subject": ("Utbetalningsbesked: {title} – {centre}", "Payout notice: {title} – {centre}"),
    "mail_body": (
        "Hej!\n\n{organisation} betalar ut {amount} till {centre} ur {title}, enligt beslut {decision}.\n\n"
        "Bifogat finns utbetalningsbeskedet med underlaget för beloppet och blanketten för återrapportering. "
        "Fyll i blanketten och skicka tillbaka den senast {deadline}. Medel som inte används ska betalas tillbaka.\n\n"
        "Med vänliga hälsningar\n{organisation}\n",
        "Hello,\n\n{organisation} pays {amount} to {centre} from {title}, under decision {decision}.\n\n"
        "Attached are the payout notice with the basis of the amount and the follow-up form. "
        "Please fill in the form and send it back by {deadline}. Funds not used are to be repaid.\n\n"
        "Kind regards\n{organisation}\n",
    ),
    "mail_reminder_subject": (
        "Påminnelse om återrapportering: {title} – {centre}",
        "Reminder, follow-up report: {title} – {centre}",
    ),
    "mail_reminder_body": (
        "Hej!\n\nVi har ännu inte fått återrapporteringen från {centre} för {title} "
        "({amount} enligt beslut {decision}). Blanketten är bifogad igen: fyll i den och skicka tillbaka den "
        "senast {deadline}.\n\nMed vänliga hälsningar\n{organisation}\n",
        "Hello,\n\nWe have not yet received the follow-up report from {centre} for {title} "
        "({amount} under decision {decision}). The form is attached again: please fill it in and send it back "
        "by {deadline}.\n\nKind regards\n{organisation}\n",
    ),
    "cli_mail_written": (
        "{count} e-postutkast skrevs till {path}",
        "{count:draft|drafts} written to {path}",
    ),
    "cli_mail_reminders_returns": (
        "--reminders och --returns används tillsammans.",
        "--reminders and --returns go together.",
    ),
    "cli_mail_none": ("Alla har rapporterat: inga påminnelser behövs.", "Everyone has reported: no reminders needed."),
    "cli_mail_to_send": (
        "{count:meddelande|meddelanden} skickas via {host}:",
        "{count:message|messages} will be sent through {host}:",
    ),
    "cli_mail_not_sent": ("Skickas inte (ingen adress): {name} ({id})", "Not sent (no address): {name} ({id})"),
    "cli_mail_confirm": ("Skicka nu?", "Send now?"),
    "cli_mail_sent": ("{count:meddelande|meddelanden} skickades.", "{count:message|messages} sent."),
    "cli_mail_cancelled": ("Inget skickades.", "Nothing was sent."),
    "sie_dimension": ("Kostnadsställe", "Cost centre"),
    "sie_counter_entry": ("Motkonto, utbetalning enligt {master}", "Counter entry, payout as in {master}"),
    "cli_export_written": ("{what} skrevs till {path}", "{what} was written to {path}"),
    "cli_export_nothing": (
        "Ange vad som ska exporteras: --sie, --csv och/eller --json med ett filnamn.",
        "Say what to export: --sie, --csv and/or --json with a file name.",
    ),
    "cli_written": ("Arbetsboken skrevs till {path}", "The workbook was written to {path}"),
    # Follow-up cycle: per-centre files, regeneration, changes, collect, verify
    "dir_centres": ("@nouns@", "@nouns@"),
    "dir_archive": ("arkiv", "archive"),
    "centre_payout_title": ("Utbetalning till {centre} – {title}", "Payout to {centre} – {title}"),
    "centre_organisation": ("Organisation", "Organisation"),
    "centre_year": ("Bidragsår", "Grant year"),
    "centre_col_key": ("@Nounens@ nyckel (enheter)", "The @noun@'s key (units)"),
    "centre_col_quota": ("Kvot ({money})", "Quota ({money})"),
    "centre_col_floor": ("Avrundat nedåt ({money})", "Rounded down ({money})"),
    "centre_col_extra": ("Tillägg vid avrundningen ({money})", "Added by the rounding ({money})"),
    "centre_col_amount": ("Fördelat belopp ({money})", "Amount distributed ({money})"),
    "centre_col_rate": ("Per enhet ({money})", "Per unit ({money})"),
    "centre_col_scale": (
        "Radens belopp räknas i (1 = @kr@, 100 = @ore@)",
        "The row's amounts are in (1 = @kr@, 100 = @ore@)",
    ),
    "centre_col_key_scale": (
        "Radens nyckel räknas i delar av sin enhet (1 = hela, 100 = hundradelar)",
        "The row's key is counted in parts of its unit (1 = whole, 100 = hundredths)",
    ),
    "centre_col_payout": ("Utbetalning (@kr@)", "Payout (@kr@)"),
    "centre_total": ("Summa utbetalning", "Total payout"),
    # The decision letter: the first sheet of a centre's file.
    "sheet_letter": ("Utbetalningsbesked", "Payout notice"),
    "letter_amount": ("Belopp", "Amount"),
    "letter_date": ("Datum", "Date"),
    "letter_reference": ("Diarienummer", "Reference"),
    "letter_subject": ("Utbetalningsbesked: {title}", "Payout notice: {title}"),
    "letter_decision_text": (
        "{organisation} betalar ut {title} till {centre} enligt beslut {decision}.",
        "{organisation} pays {title} to {centre} under the decision {decision}.",
    ),
    "letter_paid_on": ("Betalas ut", "Paid on"),
    "letter_paid_on_decision": ("enligt beslutet", "as the decision says"),
    "letter_basis_heading": ("Så har beloppet räknats fram", "How the amount was worked out"),
    "letter_col_pool": ("Del av bidraget", "Part of the grant"),
    "letter_col_key": ("Ert antal", "Your count"),
    "letter_col_total_key": ("Totalt antal", "Total count"),
    "letter_col_quota": ("Er andel, exakt", "Your exact share"),
    "letter_col_payout": ("Betalas ut", "Paid"),
    # "Hemsjukvård: 1 246 av 15 072 personer. 4 200 000 kr × 1 246 / 15 072 = 347 213,38 kr, ..."
    "letter_share": (
        "{pool}: {count} av {total} {unit}. {amount} × {count} / {total} = {exact},",
        "{pool}: {count} of {total} {unit}. {amount} × {count} / {total} = {exact},",
    ),
    "letter_rounded_none": ("jämnt i hela @kronor@.", "whole @kronor@ exactly."),
    "letter_rounded_down": ("avrundat nedåt till {paid}.", "rounded down to {paid}."),
    "letter_rounded_up": (
        "avrundat till {paid}: nedåt till {floor} och 1 @kr@ av det som blev över i potten.",
        "rounded to {paid}: down to {floor} and 1 @kr@ of what was left over in the pool.",
    ),
    "letter_rounded_ore": ("utbetalt i @ore@: {paid}.", "paid to the @ore@: {paid}."),
    "letter_nouns": ("hälsocentraler", "centres"),
    "letter_rounding_words": (
        "Avrundning: varje belopp avrundas först nedåt till hela @kronor@. Det som då blir över i en pott går 1 @kr@ i taget till de {nouns} vars belopp har störst decimaler (vid lika decimaler till den som står först i beräkningen). Så betalas hela potten ut, varken mer eller mindre.",
        "Rounding: each amount is first rounded down to whole @kronor@. What is then left over in a pool goes 1 @kr@ at a time to the {nouns} whose amounts have the largest decimals (with equal decimals, to the one listed first in the calculation). So the whole pool is paid out, no more and no less.",
    ),
    "letter_rounding_words_floor": (
        "Avrundning: varje belopp avrundas nedåt till hela @kronor@; det som blir över betalas inte ut.",
        "Rounding: each amount is rounded down to whole @kronor@; what is left over is not paid out.",
    ),
    "letter_rounding_words_ore": (
        "Beloppen betalas ut i @ore@; summan av alla är exakt pottens belopp.",
        "The amounts are paid to the @ore@; together they are exactly the pool's amount.",
    ),
    "letter_report": (
        "Återrapportering: redovisa senast {deadline} hur pengarna har använts i formuläret på bladet "
        "{sheet} i den här filen och skicka filen till {to}.",
        "Reporting: by {deadline}, report how the money was used in the form on the sheet {sheet} of "
        "this file and send the file to {to}.",
    ),
    "letter_repay": (
        "Pengar som inte används betalas tillbaka senast {date} till {account}, märkt {reference}.",
        "Money not used is to be repaid by {date} to {account}, marked {reference}.",
    ),
    "letter_rule_not_eligible": (
        "{pool}: {centre} omfattas inte av potten enligt beslutets villkor, och får 0 @kr@ ur den.",
        "{pool}: {centre} is not eligible for the pool by the decision's conditions, and gets 0 @kr@ from it.",
    ),
    "letter_rule_minimum": (
        "{pool}: {centre} får beslutets lägsta belopp, {amount}, eftersom andelen efter nyckeln ({keyed}) blev lägre.",
        "{pool}: {centre} gets the decision's minimum, {amount}, since the share by key ({keyed}) came out lower.",
    ),
    "letter_rule_maximum": (
        "{pool}: {centre} får beslutets högsta belopp, {amount}, eftersom andelen efter nyckeln ({keyed}) blev högre.",
        "{pool}: {centre} gets the decision's maximum, {amount}, since the share by key ({keyed}) came out higher.",
    ),
    "letter_rule_share": (
        "{pool}: {fixed}{keyed} av de {total} som delar resten, sammanlagt {quota}, avrundat {rounding} till {payout}.",
        "{pool}: {fixed}{keyed} of the {total} sharing the rest, together {quota}, rounded {rounding} to {payout}.",
    ),
    "letter_rule_fixed": ("fast belopp {amount} och ", "a fixed amount of {amount} and "),
    "letter_rounding_largest_remainder": ("med största rest i hela {unit}", "by largest remainder in whole {unit}"),
    "letter_rounding_ore": ("med största rest i hela {unit}", "by largest remainder in whole {unit}"),
    "letter_rounding_floor": ("nedåt till hela {unit}", "down to whole {unit}"),
    "letter_rounding_each": ("för sig till närmaste hela {unit}", "on its own to the nearest whole {unit}"),
    "letter_tie_won": (
        "{pool}: {names} hade exakt samma rest, och det som blev kvar ({left}) räckte inte åt alla. "
        "{centre} fick {unit} extra enligt beslutets regel: {rule}.",
        "{pool}: {names} had exactly the same remainder, and what was left ({left}) was not enough for all. "
        "{centre} got {unit} more by the decision's rule: {rule}.",
    ),
    "letter_tie_lost": (
        "{pool}: {names} hade exakt samma rest, och det som blev kvar ({left}) räckte inte åt alla. "
        "{centre} fick inte {unit} extra, enligt beslutets regel: {rule}.",
        "{pool}: {names} had exactly the same remainder, and what was left ({left}) was not enough for all. "
        "{centre} did not get {unit} more, by the decision's rule: {rule}.",
    ),
    "tie_rule_order": (
        "den som står tidigare i beräkningsbladet får den först",
        "the one that comes earlier in the calculation sheet gets it first",
    ),
    "tie_rule_lot": (
        "en lottning från fröet {seed}, som vem som helst kan göra om",
        "a draw from the seed {seed}, which anyone can repeat",
    ),
    "letter_phone": ("tel. {phone}", "phone {phone}"),
    "letter_ask": ("Frågor besvaras av {name}, {reach}.", "Questions: {name}, {reach}."),
    "letter_for_whom": (
        "Beskedet och siffrorna gäller {centre} ({id_label} {id}). Hela beräkningen steg för steg, för "
        "revision, finns på bladet {sheet}.",
        "This notice and its figures are for {centre} ({id_label} {id}). The whole calculation step by "
        "step, for audit, is on the sheet {sheet}.",
    ),
    "basis_title": ("Beräkningsunderlag: {centre} – {title}", "Basis of the payout: {centre} – {title}"),
    "centre_explain_1": (
        "Per enhet = pottens belopp delat med den totala nyckeln. Kvot = pottens belopp gånger @nounens@ nyckel delat med den totala nyckeln. Avrundat nedåt = kvotens heltalsdel.",
        "Per unit = the pool's amount divided by the total key. Quota = the pool's amount times the @noun@'s key divided by the total key. Rounded down = the whole part of the quota.",
    ),
    "centre_explain_2": (
        "Utbetalning = avrundat nedåt + tillägg. Det som blir kvar av potten när alla fått sin kvot avrundad nedåt går 1 @kr@ i taget till de @nouns@ som har störst rest (största rest). Om tillägget ges avgörs i huvudarbetsbokens beräkningsblad, där alla @nouns@ står.",
        "Payout = rounded down + added unit. What is left of the pool when every @noun@ has its quota rounded down goes 1 @kr@ at a time to the @nouns@ with the largest remainder. Whether the unit is added is decided on the master workbook's calculation sheet, where all @nouns@ are listed.",
    ),
    "centre_explain_2_floor": (
        "Utbetalning = kvoten avrundad nedåt till hela @kronor@; det som blir kvar av potten betalas inte ut.",
        "Payout = the quota rounded down to whole @kronor@; what is left of the pool is not paid out.",
    ),
    "centre_explain_2_rules": (
        "En pott med beslutets egna regler (fast belopp, lägsta eller högsta belopp, utbetalningsenhet, "
        "avrundning var för sig) står här med utbetalningen hel; hur den räknades står i utbetalningsbeskedet "
        "och steg för steg på huvudarbetsbokens blad Beräkning och Metod.",
        "A pool with the decision's own rules (fixed amount, minimum or maximum, payout unit, each rounded on "
        "its own) stands here with its payout whole; how it was worked out is in the payout notice and step "
        "by step on the master workbook's Calculation and Method sheets.",
    ),
    "money_or_hundredths": ("@kr@ eller @ore@", "@kr@ or @ore@"),
    "centre_explain_3": (
        "Fyll i återrapporteringen på nästa blad och skicka tillbaka filen. Filnamnet får ändras: @nounens@ id finns sparat i filen.",
        "Fill in the follow-up on the next sheet and send the file back. The file may be renamed: the @noun@'s id is stored inside it.",
    ),
    # A pool keyed by a decimal column (centre format 7): why the basis's keys are large integers.
    "centre_explain_key_scale": (
        "{pool}: nyckeln räknas i enheter om 1/{scale} {unit}, så att alla summor blir exakta: {count} av {total} är {shown} av {shown_total} {unit}.",
        "{pool}: the key is counted in units of 1/{scale} {unit}, so that every sum is exact: {count} of {total} is {shown} of {shown_total} {unit}.",
    ),
    "sheet_changes": ("Ändringar", "Changes"),
    "sheet_not_carried": ("Ej överförda uppgifter", "Entries not carried over"),
    "changes_title": ("Ändringar sedan förra körningen", "Changes since the last build"),
    "changes_previous": (
        "Jämfört med förra körningen (indata ändrade {time}).",
        "Compared with the last build (inputs last changed {time}).",
    ),
    "changes_none_before": (
        "Ingen tidigare körning hittades: alla @nouns@ är nya.",
        "No earlier build was found: every @noun@ is new.",
    ),
    "col_change": ("Ändring", "Change"),
    "col_key_before": ("{pool}: nyckel före ({unit})", "{pool}: key before ({unit})"),
    "col_key_after": ("{pool}: nyckel efter ({unit})", "{pool}: key after ({unit})"),
    "col_payout_before": ("{pool}: utbetalning före (@kr@)", "{pool}: payout before (@kr@)"),
    "col_payout_after": ("{pool}: utbetalning efter (@kr@)", "{pool}: payout after (@kr@)"),
    "col_total_before": ("Summa före (@kr@)", "Total before (@kr@)"),
    "col_total_after": ("Summa efter (@kr@)", "Total after (@kr@)"),
    "col_difference": ("Skillnad (@kr@)", "Difference (@kr@)"),
    "col_change_note": ("Anmärkning", "Note"),
    "change_rounding_loss": (
        "{pool}: {after} @kr@ i stället för {before} @kr@, fast potten växte ({amount_before} -> {amount_after} @kr@) och nyckeln inte minskade ({key_before} -> {key_after}). Det är avrundningen: största rest kan ge en @noun@ en krona mindre när en pott växer (Alabamaparadoxen, se bladet Metod).",
        "{pool}: {after} @kr@ instead of {before} @kr@, although the pool grew ({amount_before} -> {amount_after} @kr@) and the key did not fall ({key_before} -> {key_after}). This is the rounding: largest remainder can give a @noun@ one unit less when a pool grows (the Alabama paradox, see the Method sheet).",
    ),
    "change_added": ("ny", "added"),
    "change_removed": ("borttagen", "removed"),
    "change_changed": ("ändrad", "changed"),
    "change_unchanged": ("oförändrad", "unchanged"),
    "not_carried_title": ("Uppgifter som inte kunde föras över", "Entries that could not be carried over"),
    "not_carried_help": (
        "Återrapporterade uppgifter för @nouns@ som inte längre finns i indata, för kategorier som tagits bort, eller värden som ersattes av ett senare sparat värde. Inget har raderats; uppgifterna förs tillbaka om @nounen@ kommer tillbaka.",
        "Follow-up entries of @nouns@ no longer in the inputs, of categories that were removed, or values replaced by a value saved later. Nothing was deleted; entries return when the @noun@ comes back.",
    ),
    "col_field": ("Fält", "Field"),
    "col_value": ("Värde", "Value"),
    "col_source": ("Från fil", "From file"),
    "col_reason": ("Orsak", "Reason"),
    "reason_centre_removed": ("@nounen@ finns inte längre i indata", "the @noun@ is no longer in the inputs"),
    "reason_category_removed": ("kategorin finns inte längre i grant.toml", "the category is no longer in grant.toml"),
    "reason_foreign": (
        "från en blankett för ett annat år, ett annat bidrag eller en annan @noun@",
        "from a form of another year, another grant or another @noun@",
    ),
    "col_kept_value": ("Använt värde", "Value used"),
    "col_kept_source": ("Använt värde från fil", "Value used from file"),
    "col_field_id": ("Fält-id", "Field id"),
    "cli_conflict": (
        "  Konflikt: {centre} ({id}), {field}: {kept:v} i {kept_source} (sparad senast) används; "
        '{dropped:v} i {dropped_source} finns kvar på bladet "{sheet}".',
        "  Conflict: {centre} ({id}), {field}: {kept:v} in {kept_source} (saved last) is used; "
        '{dropped:v} in {dropped_source} is kept on the sheet "{sheet}".',
    ),
    "reason_conflict": ("ersatt av ett senare sparat värde", "replaced by a value saved later"),
    "none": ("Inga.", "None."),
    "value_empty": ("(tomt)", "(empty)"),
    "cli_progress": ("Skriver arbetsböcker", "Writing workbooks"),
    "cli_progress_pdf": ("Skriver PDF:er", "Printing PDFs"),
    "cli_centre_files": (
        "{count:utbetalningsfil|utbetalningsfiler} till @nounerna@ i {path}",
        "{count:payout file|payout files} for the @nouns@ in {path}",
    ),
    "cli_carried": (
        "Återrapportering förd över från tidigare filer: {count:@noun@|@nouns@}.",
        "Follow-up carried over from earlier files: {count:@noun@|@nouns@}.",
    ),
    "cli_not_carried": (
        '{count:uppgift|uppgifter} kunde inte föras över; se bladet "{sheet}".',
        '{count:entry|entries} could not be carried over; see the sheet "{sheet}".',
    ),
    "cli_archived": ("Tidigare filer arkiverades i {path}", "Earlier files were archived in {path}"),
    "cli_changes_none_before": ("Ingen tidigare körning att jämföra med.", "No earlier build to compare with."),
    "cli_changes_summary": (
        "Ändringar sedan förra körningen: {added:ny|nya}, {removed:borttagen|borttagna}, {changed:ändrad|ändrade}.",
        "Changes since the last build: {added} added, {removed} removed, {changed} changed.",
    ),
    "cli_change_line": (
        "  {status}: {centre} ({id}): {before} @kr@ -> {after} @kr@",
        "  {status}: {centre} ({id}): {before} @kr@ -> {after} @kr@",
    ),
    "cli_rounding_loss": ("  Obs, {centre} ({id}): {note}", "  Note, {centre} ({id}): {note}"),
    "cli_more_changes": (
        '  ... och {count} till (se bladet "{sheet}")',
        '  ... and {count} more (see the sheet "{sheet}")',
    ),
    "verify_not_grantsheet": (
        "Filen är inte skriven av grantsheet (eller saknar sina dokumentegenskaper).",
        "The file was not written by grantsheet (or lacks its document properties).",
    ),
    "verify_no_recalc": (
        "Varken LibreOffice eller Gnumeric finns: ingen omräkning gjordes, bara sparade värden jämfördes.",
        "Neither LibreOffice nor Gnumeric is installed: nothing was recalculated, only saved values were compared.",
    ),
    "verify_converted_from_ods": (
        "Filen är ett OpenDocument-kalkylblad (.ods): det som granskades är LibreOffices omvandling av den till .xlsx.",
        "The file is an OpenDocument spreadsheet (.ods): what was verified is LibreOffice's conversion of it to .xlsx.",
    ),
    "verify_recalc_skipped": (
        "Ingen omräkning gjordes, som begärt: bara sparade värden jämfördes.",
        "Not recalculated, as asked: only saved values were compared.",
    ),
    "verify_cached_differs": (
        "{sheet}!{cell}: sparat värde {cached}, men {engine} räknar fram {recalculated}.",
        "{sheet}!{cell}: saved value {cached}, but {engine} recalculates {recalculated}.",
    ),
    "verify_no_cached_values": (
        "{count:formelcell|formelceller} saknar sparat värde (filen sparades av ett program som inte "
        "räknar); omräkningen användes i stället.",
        "{count:formula cell carries|formula cells carry} no saved value (the file was saved by a program that "
        "does not calculate); the recalculation was used instead.",
    ),
    "verify_formula_overwritten": (
        "{sheet}!{cell}: formeln har ersatts av ett inskrivet värde ({value}).",
        "{sheet}!{cell}: the formula was replaced by a typed value ({value}).",
    ),
    "verify_formula_changed": (
        "{sheet}!{cell}: formeln har ändrats till {found} (grantsheet skrev {expected}).",
        "{sheet}!{cell}: the formula was changed to {found} (grantsheet wrote {expected}).",
    ),
    "verify_check_failed": ('Kontrollen "{label}" visar {status}.', 'The check "{label}" shows {status}.'),
    "verify_payout_differs": (
        "{centre} ({id}), {pool}: {sheet}!{cell} visar {found:v} @kr@, men omräknat från indatabladen blir det {expected:v} @kr@.",
        "{centre} ({id}), {pool}: {sheet}!{cell} shows {found:v} @kr@, but re-derived from the input sheets it is {expected:v} @kr@.",
    ),
    "verify_id_differs": (
        "Id-cellen visar {found}, men filen är skriven för {expected}.",
        "The id cell shows {found}, but the file was written for {expected}.",
    ),
    "verify_seal_broken": (
        "Underlaget (belopp, nycklar, tillägg vid avrundningen) stämmer inte med det grantsheet skrev.",
        "The basis (amounts, keys, units added by the rounding) differs from what grantsheet wrote.",
    ),
    # Verify against the seal (grantsheet.audit)
    "verify_seal_missing": (
        "Arbetsboken har inget sigill (bladet grantsheet_seal saknas): den kan inte jämföras med sitt bygge.",
        "The workbook carries no seal (the sheet grantsheet_seal is missing): it cannot be compared with its build.",
    ),
    "verify_seal_edited": (
        "Sigillet har ändrats efter bygget: dess SHA-256 stämmer inte med dokumentegenskapen grantsheet_seal.",
        "The seal was edited after the build: its SHA-256 differs from the document property grantsheet_seal.",
    ),
    "verify_seal_unreadable": (
        "Sigillet går inte att läsa ({detail}): arbetsboken kan inte jämföras med sitt bygge.",
        "The seal cannot be read ({detail}): the workbook cannot be compared with its build.",
    ),
    "verify_seal_other_version": (
        "Bygget gjordes med grantsheet {built}, som skrev formlerna annorlunda än den här versionen: "
        "formlerna jämfördes med sigillets kontrollsumma, inte cell för cell.",
        "The build was made by grantsheet {built}, which wrote its formulas differently from this version: "
        "the formulas were compared with the seal's checksum, not cell by cell.",
    ),
    "verify_formulas_differ": (
        "Formlerna är inte de som grantsheet {built} skrev (kontrollsumman skiljer sig).",
        "The formulas are not those grantsheet {built} wrote (the checksum differs).",
    ),
    "verify_decision_differs": (
        "{sheet}!{cell}: {found:v} @kr@, beslutet säger {expected:v} @kr@ ({pool}): arbetsboken avviker från beslutet.",
        "{sheet}!{cell}: {found:v} @kr@, the decision says {expected:v} @kr@ ({pool}): the workbook differs from the decision.",
    ),
    "verify_input_differs": (
        "{sheet}!{cell}: {found:v}, bygget läste {expected:v} från {file}, blad {source_sheet}, rad {row}.",
        "{sheet}!{cell}: {found:v}, the build read {expected:v} from {file}, sheet {source_sheet}, row {row}.",
    ),
    "verify_typed_differs": (
        "{sheet}!{cell}: {found:v}, bygget skrev {expected:v}.",
        "{sheet}!{cell}: {found:v}, the build wrote {expected:v}.",
    ),
    "verify_cell_added": (
        "{sheet}!{cell}: {found:v} är inskrivet där bygget inte skrev något.",
        "{sheet}!{cell}: {found:v} was typed where the build wrote nothing.",
    ),
    "verify_formula_constant": (
        "{sheet}!{cell}: formeln {found} har en inskriven konstant i stället för sina celler (grantsheet skrev {expected}).",
        "{sheet}!{cell}: the formula {found} holds a typed constant instead of its cells (grantsheet wrote {expected}).",
    ),
    "verify_sheet_missing": (
        'Bladet "{sheet}" som bygget skrev saknas.',
        'The sheet "{sheet}" the build wrote is missing.',
    ),
    "verify_sheet_added": (
        'Bladet "{sheet}" har lagts till efter bygget.',
        'The sheet "{sheet}" was added after the build.',
    ),
    "verify_sheet_hidden": (
        'Bladet "{sheet}" är dolt ({state}); bygget dolde det inte.',
        'The sheet "{sheet}" is hidden ({state}); the build did not hide it.',
    ),
    "verify_seal_broken_view": (
        "Underlaget (belopp, nycklar, tillägg vid avrundningen) eller filens sparade layout (egenskaperna grantsheet_view_…) stämmer inte med det grantsheet skrev.",
        "The basis (amounts, keys, units added by the rounding) or the file's kept layout (the properties grantsheet_view_…) differs from what grantsheet wrote.",
    ),
    "verify_presentation_missing": (
        "Filen saknar layouten som bygget sparar i den (egenskaperna grantsheet_view_…): det som visas och skrivs ut kan inte jämföras med bygget. Be om filen som bygget skrev.",
        "The file lacks the layout its build keeps in it (the properties grantsheet_view_…): what it shows and prints cannot be compared with the build. Ask for the file the build wrote.",
    ),
    "verify_presentation_unreadable": (
        "Layouten som bygget sparade i filen (egenskaperna grantsheet_view_…) går inte att läsa: det som visas och skrivs ut kan inte jämföras med bygget. Be om filen som bygget skrev.",
        "The layout the build kept in the file (the properties grantsheet_view_…) cannot be read: what it shows and prints cannot be compared with the build. Ask for the file the build wrote.",
    ),
    "verify_presentation_fix": (
        "Filen visar eller skriver ut något annat än bygget skrev (se ovan). Skriv inte ut eller skicka den: ta filen som bygget skrev (byggjournalen och arkivet har den) eller bygg om.",
        "The file shows or prints something else than the build wrote (see above). Do not print or send it: take the file the build wrote (the build journal and the archive have it) or build again.",
    ),
    "verify_text_changed": (
        'Bladet "{sheet}", cell {cell}: texten är inte den bygget skrev (nu: "{found}").',
        'Sheet "{sheet}", cell {cell}: the text is not the one the build wrote (now: "{found}").',
    ),
    "verify_format_changed": (
        'Bladet "{sheet}", cell {cell}: talformatet är {found!r}, bygget skrev {expected!r}: cellen visar något annat än sitt värde.',
        'Sheet "{sheet}", cell {cell}: the number format is {found!r}, the build wrote {expected!r}: the cell shows something else than its value.',
    ),
    "verify_cell_invisible": (
        'Bladet "{sheet}", cell {cell}: texten har bakgrundens färg (eller är för liten för att läsas); bygget skrev den synlig.',
        'Sheet "{sheet}", cell {cell}: the text has the colour of its background (or is too small to read); the build wrote it visible.',
    ),
    "verify_conditional_changed": (
        'Bladet "{sheet}", {area}: en villkorsstyrd formatering är tillagd, ändrad eller borttagen; den kan visa ett annat belopp än cellens.',
        'Sheet "{sheet}", {area}: a conditional format was added, changed or removed; it can show another amount than the cell holds.',
    ),
    "verify_print_area_changed": (
        'Bladet "{sheet}": utskriftsområdet är {found}, bygget satte {expected}: utskriften visar inte det bygget skrev.',
        'Sheet "{sheet}": the print area is {found}, the build set {expected}: the printout does not show what the build wrote.',
    ),
    "verify_print_titles_changed": (
        'Bladet "{sheet}": raderna som upprepas på varje utskriven sida är {found}, bygget satte {expected}.',
        'Sheet "{sheet}": the rows repeated on each printed page are {found}, the build set {expected}.',
    ),
    "verify_rows_hidden": (
        'Bladet "{sheet}": rad {rows} är dold; bygget dolde den inte.',
        'Sheet "{sheet}": row(s) {rows} hidden; the build did not hide them.',
    ),
    "verify_cols_hidden": (
        'Bladet "{sheet}": kolumn {cols} är dold; bygget dolde den inte.',
        'Sheet "{sheet}": column(s) {cols} hidden; the build did not hide them.',
    ),
    "verify_protection_removed": (
        'Bladet "{sheet}" är inte längre skyddat (bygget skyddade det mot oavsiktliga ändringar).',
        'The sheet "{sheet}" is no longer protected (the build protected it against accidental edits).',
    ),
    "verify_name_added": ("Namnet {name} ({found}) har lagts till.", "The defined name {name} ({found}) was added."),
    "verify_name_changed": (
        "Namnet {name} pekar på {found}; bygget satte {expected}.",
        "The defined name {name} refers to {found}; the build set {expected}.",
    ),
    "verify_name_removed": (
        "Namnet {name} ({expected}) har tagits bort.",
        "The defined name {name} ({expected}) was removed.",
    ),
    "verify_calc_manual": (
        "Beräkningen är satt till manuell: visade värden kan vara inaktuella.",
        "Calculation is set to manual: the values shown may be stale.",
    ),
    "verify_calc_iterative": (
        "Iterativ beräkning är påslagen (döljer cirkelreferenser).",
        "Iterative calculation is on (it hides circular references).",
    ),
    "verify_external_link": (
        "Arbetsboken har en extern länk till {target}.",
        "The workbook has an external link to {target}.",
    ),
    "verify_cell_error": ("{sheet}!{cell} visar felet {error}.", "{sheet}!{cell} shows the error {error}."),
    "verify_entry_invalid_amount": (
        "{sheet}!{cell}: {found:v} är inget belopp på minst 0 @kr@ (cellens dataverifiering släpper inte igenom det: inklistrat?).",
        "{sheet}!{cell}: {found:v} is not an amount of at least 0 @kr@ (the cell's data validation refuses it: pasted over?).",
    ),
    "verify_entry_invalid_date": (
        "{sheet}!{cell}: {found:v} är inget datum {first}–{last} (cellens dataverifiering släpper inte igenom det).",
        "{sheet}!{cell}: {found:v} is not a date in {first}–{last} (the cell's data validation refuses it).",
    ),
    "verify_entry_invalid_text": (
        "{sheet}!{cell}: texten är längre än 2000 tecken (cellens dataverifiering släpper inte igenom den).",
        "{sheet}!{cell}: the text is longer than 2000 characters (the cell's data validation refuses it).",
    ),
    "verify_journal_absent": (
        "Ingen byggjournal (grantsheet-journal.jsonl) hittades bredvid filen: bygget den kommer från kan inte bekräftas.",
        "No build journal (grantsheet-journal.jsonl) was found beside the file: the build it comes from cannot be confirmed.",
    ),
    "verify_journal_none": (
        "Filen hör inte till någon post i journalen {journal}: varken filen eller dess sigill skrevs av ett bygge där.",
        "The file belongs to no entry of the journal {journal}: neither the file nor its seal was written by a build there.",
    ),
    "verify_journal_same": (
        "Journalpost {entry} ({time}, {user}@{host}): exakt den fil bygget skrev.",
        "Journal entry {entry} ({time}, {user}@{host}): the very file that build wrote.",
    ),
    "verify_journal_resaved": (
        "Journalpost {entry} ({time}, {user}@{host}) skrev filen med detta sigill; filen har sparats om sedan dess.",
        "Journal entry {entry} ({time}, {user}@{host}) wrote the file with this seal; it has been saved again since.",
    ),
    "verify_approval_approved": (
        "Attesterad av {user} {time}, bygge {build} (journalpost {entry}, signerad med nyckeln {fingerprint}).",
        "Approved by {user} {time}, build {build} (journal entry {entry}, signed with the key {fingerprint}).",
    ),
    "verify_approval_rejected": (
        "Avslagen av {user} {time}, bygge {build} (journalpost {entry}, nyckeln {fingerprint}): {comment}",
        "Rejected by {user} {time}, build {build} (journal entry {entry}, key {fingerprint}): {comment}",
    ),
    "verify_approval_none": ("Bygge {build} är ej attesterat.", "Build {build} is not approved."),
    "verify_approval_voided": (
        "Bygge {later} har ersatt bygge {build}: dess attest gäller inte längre.",
        "Build {later} replaced build {build}: its approval no longer holds.",
    ),
    "verify_approval_file_changed": (
        "Filen skiljer sig från den som attesterades (bygge {build}, journalpost {entry}).",
        "The file differs from the one approved (build {build}, journal entry {entry}).",
    ),
    "verify_signature_absent": (
        "Huvudarbetsboken är inte signerad (byggd före signaturerna, eller sigillet skrevs om utan nyckel).",
        "The master is not signed (built before signatures, or its seal was rewritten without a key).",
    ),
    "verify_signature_absent_centre": (
        "Filen är inte signerad (byggd utan nyckel, eller dess sigill skrevs om utan nyckel).",
        "The file is not signed (built without a key, or its seal was rewritten without one).",
    ),
    "verify_signature_invalid": (
        "Sigillets signatur stämmer inte med nyckeln {fingerprint} som filen anger: sigillet eller signaturen har ändrats efter bygget.",
        "The seal's signature does not match the key {fingerprint} the file names: the seal or the signature was changed after the build.",
    ),
    "verify_signature_not_printed": (
        "Sigillet anger nyckeln {printed} men signerades med {fingerprint}.",
        "The seal names the key {printed} but was signed with {fingerprint}.",
    ),
    "verify_signature_unchecked": (
        "Sigillet är signerat med nyckeln {fingerprint}; ange --key eller --fingerprint för att pröva att det är regionens nyckel.",
        "The seal is signed with the key {fingerprint}; give --key or --fingerprint to check that it is the region's key.",
    ),
    "verify_signature_trusted": (
        "Sigillet är signerat med den angivna nyckeln {fingerprint}.",
        "The seal is signed with the given key {fingerprint}.",
    ),
    "verify_signature_other_key": (
        "Sigillet är signerat med nyckeln {fingerprint}, inte med den angivna {trusted}: filen byggdes inte med regionens nyckel (förfalskad eller byggd någon annanstans).",
        "The seal is signed with the key {fingerprint}, not with the given {trusted}: the file was not built with the region's key (forged, or built elsewhere).",
    ),
    "verify_journal_signature_invalid": (
        "Journalpost {entry} i {journal} har en signatur som inte stämmer: raden har ändrats efter att den skrevs.",
        "Journal entry {entry} in {journal} has a signature that does not match: the line was changed after it was written.",
    ),
    "verify_journal_other_key": (
        "Journalpost {entry} är signerad med nyckeln {fingerprint}, inte med den angivna {trusted}.",
        "Journal entry {entry} is signed with the key {fingerprint}, not with the given {trusted}.",
    ),
    "verify_cross_input": (
        "Journalpost {entry} och sigillet är oense om indatafilen {file}: journalen {journal}…, sigillet {seal}….",
        "Journal entry {entry} and the seal disagree on the input file {file}: journal {journal}…, seal {seal}….",
    ),
    "verify_cross_seal": (
        "Journalpost {entry} anger sigillet {journal}…, filen bär {seal}….",
        "Journal entry {entry} names the seal {journal}…, the file carries {seal}….",
    ),
    "verify_cross_pool": (
        "Journalpost {entry} och sigillet är oense om potten {pool}: journalen {journal:v} @kr@, sigillet {seal:v} @kr@.",
        "Journal entry {entry} and the seal disagree on the pool {pool}: journal {journal:v} @kr@, seal {seal:v} @kr@.",
    ),
    "verify_cross_field": (
        "Journalpost {entry} och sigillet är oense om {field}: journalen {journal}, sigillet {seal}.",
        "Journal entry {entry} and the seal disagree on {field}: journal {journal}, seal {seal}.",
    ),
    "cli_history_none": ("Ingen byggjournal under {path}.", "No build journal under {path}."),
    "cli_history_entry": (
        "#{number} {year}  {time}  {user}@{host}  grantsheet {version}  {language}  {files} filer, huvudarbetsbok {master}",
        "#{number} {year}  {time}  {user}@{host}  grantsheet {version}  {language}  {files} files, master {master}",
    ),
    # The language a build wrote in, as its journal line records it (journal format 2).
    "cli_history_language_sv": ("på svenska", "in Swedish"),
    "cli_history_language_en": ("på engelska", "in English"),
    "cli_history_language_unknown": (
        "språket ej angivet (äldre journalrad)",
        "language not recorded (an older journal line)",
    ),
    "cli_history_approval": (
        "    #{number} {decision} av {user} (OS-användare {os_user}@{host}) {time}{comment}",
        "    #{number} {decision} by {user} (OS user {os_user}@{host}) {time}{comment}",
    ),
    "cli_history_signed": ("    Signerad med nyckeln {fingerprint}.", "    Signed with the key {fingerprint}."),
    "cli_history_signature_broken": (
        "    OBS: signaturen stämmer inte med nyckeln {fingerprint}: raden har ändrats efter att den skrevs.",
        "    NOTE: the signature does not match the key {fingerprint}: the line was changed after it was written.",
    ),
    "cli_history_voids": (
        "    Bygget upphäver attesten i journalpost {entries}.",
        "    The build voids the approval in journal entry {entries}.",
    ),
    "decision_approved": ("attesterad", "approved"),
    "decision_rejected": ("avslagen", "rejected"),
    "cli_approved": (
        "Bygge {build} {decision} av {user} (journalpost {entry}, signerad med nyckeln {fingerprint}).",
        "Build {build} {decision} by {user} (journal entry {entry}, signed with the key {fingerprint}).",
    ),
    "cli_approval_status": ("Status: {stamp}", "Status: {stamp}"),
    "cli_reject_needs_comment": (
        "Ett avslag behöver en kommentar (--comment) som säger vad som ska rättas.",
        "A rejection needs a comment (--comment) saying what to correct.",
    ),
    "cli_history_unchained": (
        "    OBS: raden före denna post har ändrats eller tagits bort efteråt.",
        "    NOTE: the line before this entry was edited or removed afterwards.",
    ),
    "cli_history_pool": (
        "    {pool}: {amount} @kr@, nyckel {key}, utbetalt {paid} @kr@",
        "    {pool}: {amount} @kr@, key {key}, paid {paid} @kr@",
    ),
    "cli_history_pool_no_currency": (
        "    {pool}: {amount}, nyckel {key}, utbetalt {paid} (raden anger ingen valuta)",
        "    {pool}: {amount}, key {key}, paid {paid} (the line names no currency)",
    ),
    # grantsheet diff
    "diff_pool_amount": (
        "{pool}: {before:v} @kr@ blev {after:v} @kr@.",
        "{pool}: {before:v} @kr@ became {after:v} @kr@.",
    ),
    "diff_pool_method": (
        "{pool}: metoden (avrundning, sats, behörighet eller viktning) skiljer sig.",
        "{pool}: the method (rounding, rate, eligibility or weighting) differs.",
    ),
    "diff_row_added": ("Ny indatarad: {row}.", "New input row: {row}."),
    "diff_row_removed": ("Borttagen indatarad: {row}.", "Input row removed: {row}."),
    "diff_row_changed": ("{row}: {field} {before:v} blev {after:v}.", "{row}: {field} {before:v} became {after:v}."),
    "diff_entry_changed": ("{id}: {field} {before:v} blev {after:v}.", "{id}: {field} {before:v} became {after:v}."),
    "diff_centre_id": ("@Noun@-id {before:v} blev {after:v}.", "@Noun@ id {before:v} became {after:v}."),
    "diff_because_centre_added": ("ny i indata", "new in the inputs"),
    "diff_because_centre_removed": ("finns inte längre i indata", "no longer in the inputs"),
    "diff_because_amount": (
        "potten {before:v} @kr@ blev {after:v} @kr@",
        "the pool {before:v} @kr@ became {after:v} @kr@",
    ),
    "diff_because_key": ("egen nyckel {before:v} blev {after:v}", "its own key {before:v} became {after:v}"),
    "diff_because_total_key": (
        "total nyckel {before:v} blev {after:v} (allas indata)",
        "the total key {before:v} became {after:v} (everyone's inputs)",
    ),
    "diff_because_extra": (
        "tillägget vid avrundningen {before:v} blev {after:v}",
        "the unit added by the rounding {before:v} became {after:v}",
    ),
    "diff_because_alabama": (
        "största rest: 1 @kr@ mindre fast potten växte och nycklarna är desamma (Alabamaparadoxen)",
        "largest remainder: 1 @kr@ less although the pool grew and the keys are the same (the Alabama paradox)",
    ),
    "diff_because_remainder": (
        "största rest: vem som får tillägget vid avrundningen flyttade",
        "largest remainder: who gets the unit added by the rounding moved",
    ),
    "diff_payout": (
        "{centre} ({id}), {pool}: {before:v} @kr@ blev {after:v} @kr@: {reasons}.",
        "{centre} ({id}), {pool}: {before:v} @kr@ became {after:v} @kr@: {reasons}.",
    ),
    "diff_heading": ("{before} jämfört med {after}:", "{before} compared with {after}:"),
    "diff_section_parameters": ("Parametrar:", "Parameters:"),
    "diff_section_inputs": ("Indata:", "Inputs:"),
    "diff_section_payouts": ("Utbetalningar:", "Payouts:"),
    "diff_section_entries": ("Återrapportering:", "Follow-up:"),
    "diff_same": ("Inga skillnader.", "No differences."),
    "diff_not_comparable": (
        "{before} och {after} går inte att jämföra: ange två huvudarbetsböcker eller två @noun@sfiler.",
        "{before} and {after} cannot be compared: give two master workbooks or two recipients' files.",
    ),
    "cli_diff_two_files": (
        "Ange två arbetsböcker att jämföra (eller --scenario ALT.toml).",
        "Give two workbooks to compare (or --scenario ALT.toml).",
    ),
    "cli_diff_scenario_files": (
        "Med --scenario jämförs högst en arbetsbok med scenariot.",
        "With --scenario, at most one workbook is compared with the scenario.",
    ),
    "cli_scenario_written": (
        "Scenariots arbetsbok skrevs till {path}",
        "The scenario's workbook was written to {path}",
    ),
    "verify_file": ("{path} ({kind}):", "{path} ({kind}):"),
    "seal_heading": (
        "Sigill: vad bygget läste och skrev (grantsheet verify jämför arbetsboken med det). Ändra inte.",
        "Seal: what the build read and wrote (grantsheet verify compares the workbook with it). Do not edit.",
    ),
    "verify_kind_master": ("huvudarbetsbok", "master workbook"),
    "verify_kind_centre": ("mottagarens fil", "recipient file"),
    "verify_kind_None": ("okänd fil", "unknown file"),
    "verify_ok": (
        "  OK: {formulas:formel|formler} omräknade i {engines} och lika, inga handskrivna formelceller, "
        "alla kontroller OK.",
        "  OK: {formulas:formula|formulas} recalculated in {engines} and equal, no hand-typed formula cells, "
        "all checks OK.",
    ),
    "verify_ok_no_recalc": (
        "  OK utan omräkning: inga handskrivna formelceller, inga avvikande utbetalningar.",
        "  OK without recalculation: no hand-typed formula cells, no differing payouts.",
    ),
    "verify_payout_intact": ("  Utbetalningsdelen är oförändrad.", "  The payout part is unchanged."),
    "verify_payout_edited": ("  Utbetalningsdelen har ändrats för hand.", "  The payout part was edited by hand."),
    "verify_line_failing": ("  FEL: {text}", "  ERROR: {text}"),
    "verify_line_note": ("  Obs: {text}", "  Note: {text}"),
    "collect_title": ("Sammanställning av återrapporteringen", "Summary of the follow-up returns"),
    "sheet_collect_summary": ("Sammanställning", "Summary"),
    # An Excel sheet name has at most 31 characters: the sheet's title says "till".
    "sheet_collect_report": ("Redovisning Socialstyrelsen", "Report to Socialstyrelsen"),
    "sheet_collect_findings": ("Saknas och anmärkningar", "Missing and remarks"),
    "collect_report_title": ("Redovisning till Socialstyrelsen", "Report to Socialstyrelsen"),
    "report_grant": ("Statsbidrag", "Grant"),
    "report_decision": ("Beslut (diarienummer)", "Decision (reference)"),
    "report_year": ("År", "Year"),
    "report_organisation": ("Organisation", "Organisation"),
    "report_from_state": ("Erhållet från staten (@kr@)", "Received from the state (@kr@)"),
    "report_distributed": ("Fördelat till @nounerna@ (@kr@)", "Distributed to the @nouns@ (@kr@)"),
    "report_activity": ("Aktivitet", "Activity"),
    "report_used_kr": ("Använt (@kr@)", "Used (@kr@)"),
    "report_used_total_kr": ("Använt totalt (@kr@)", "Used in total (@kr@)"),
    "report_received_reported_kr": (
        "Mottaget av de @nouns@ som rapporterat (@kr@)",
        "Received by the @nouns@ that reported (@kr@)",
    ),
    "report_used_reported_kr": (
        "Använt av de @nouns@ som rapporterat (@kr@)",
        "Used by the @nouns@ that reported (@kr@)",
    ),
    "report_unused_kr": (
        "Ej använt av de @nouns@ som rapporterat: mottaget − använt (@kr@)",
        "Unused by the @nouns@ that reported: received − used (@kr@)",
    ),
    "report_repay_note": (
        "Varje @noun@ betalar tillbaka det den själv har kvar: den som använt mer än den fått räknas med 0 @kr@ och minskar inte vad de andra betalar tillbaka.",
        "Each @noun@ repays what it has left itself: one that used more than it received counts 0 @kr@ and does not lessen what the others repay.",
    ),
    "report_centres": ("@Nouns@", "@Nouns@"),
    "report_count": ("Antal", "Number"),
    "report_count_paid": ("Har fått medel", "Were paid"),
    "report_count_reported": ("Har rapporterat", "Have reported"),
    "report_count_blank": ("Har skickat tillbaka en tom blankett", "Returned a blank form"),
    "report_count_missing": ("Har inte rapporterat", "Have not reported"),
    "col_unused_kr": ("Ej använt (@kr@)", "Unused (@kr@)"),
    "col_remarks": ("Anmärkningar", "Remarks"),
    "status_reported": ("Rapporterad", "Reported"),
    "status_missing": ("Saknas", "Missing"),
    "status_blank": ("Tom blankett", "Blank form"),
    "flag_missing": ("Har inte rapporterat.", "Has not reported."),
    "flag_conflict": (
        "{field}: {kept:v} i {kept_source} men {dropped:v} i {dropped_source}; {kept:v} från "
        "{kept_source} (sparad senast) används.",
        "{field}: {kept:v} in {kept_source} but {dropped:v} in {dropped_source}; {kept:v} from "
        "{kept_source} (saved last) is used.",
    ),
    "flag_unknown_centre": (
        "Id {id} ({source}) finns inte i huvudarbetsboken.",
        "Id {id} ({source}) is not in the master workbook.",
    ),
    "flag_formula_overwritten": (
        "Formelcellen {cell} på bladet {sheet} har skrivits över för hand ({source}).",
        "The formula cell {cell} on the sheet {sheet} was typed over by hand ({source}).",
    ),
    "flag_formula_typed_over": (
        "Formelcellen {cell} på bladet {sheet} har ersatts med {value:v} ({source}).",
        "The formula cell {cell} on the sheet {sheet} was replaced by {value:v} ({source}).",
    ),
    "flag_payout_sheet_moved": (
        "Utbetalningsbladet står inte där grantsheet skrev det (rader flyttade eller borttagna) i {source}.",
        "The payout sheet is not where grantsheet wrote it (rows moved or deleted) in {source}.",
    ),
    "flag_contact_missing": ("Kontaktperson saknas.", "No contact is given."),
    "flag_date_missing": ("Datum saknas.", "No date is given."),
    "flag_amount_not_number": ("{category}: {value!r} är inte ett belopp.", "{category}: {value!r} is not an amount."),
    "flag_amount_negative": (
        "{category}: beloppet {value:n} @kr@ är negativt.",
        "{category}: the amount {value:n} @kr@ is negative.",
    ),
    "flag_unknown_category": (
        "Kategorin {category!r} finns inte i huvudarbetsboken.",
        "The category {category!r} is not in the master workbook.",
    ),
    "flag_date_invalid": ("Datumet {value!r} är inte ett datum.", "The date {value!r} is not a date."),
    "flag_date_outside": (
        "Datumet {value} ligger utanför {first}–{last}.",
        "The date {value} is outside {first}–{last}.",
    ),
    "flag_text_too_long": (
        "{field}: texten är längre än {most:n} tecken.",
        "{field}: the text is longer than {most:n} characters.",
    ),
    "flag_used_exceeds": (
        "Använt {used:n} @kr@ är mer än mottaget {received:n} @kr@.",
        "Used {used:n} @kr@ is more than the {received:n} @kr@ received.",
    ),
    "cli_collect_written": ("Sammanställningen skrevs till {path}", "The summary was written to {path}"),
    "col_repay_kr": (
        "Att betala tillbaka: det varje @noun@ som rapporterat har kvar (@kr@)",
        "To repay: what each @noun@ that reported has left (@kr@)",
    ),
    "collect_repay": (
        "Betalas tillbaka senast {date} till {account}, märkt {reference}.",
        "To be repaid by {date} to {account}, marked {reference}.",
    ),
    "cli_collect_unused": (
        "Ej använt att betala tillbaka: {total:n} @kr@ från {count:@noun@|@nouns@}:",
        "Unused, to be repaid: {total:n} @kr@ from {count:@noun@|@nouns@}:",
    ),
    "cli_collect_unused_line": ("  {name} ({id}): {amount:n} @kr@", "  {name} ({id}): {amount:n} @kr@"),
    "cli_collect_unused_provisional": (
        "  {name} ({id}): {amount:n} @kr@, preliminärt: ett belopp i formuläret är inte ett tal på minst 0 och räknas som 0",
        "  {name} ({id}): {amount:n} @kr@, provisional: an amount in the form is not a number of at least 0 and counts as 0",
    ),
    "report_provisional": (
        "Preliminärt: {names} har belopp som formulärets regler inte godtar (text eller negativt). De räknas som 0 @kr@ använt, så summorna ovan är preliminära tills beloppen är rättade.",
        "Provisional: {names} have amounts the form's rules refuse (text or negative). They count as 0 @kr@ used, so the sums above are provisional until the amounts are corrected.",
    ),
    "cli_collect_counts": (
        "{reported:n} av {total:@noun@|@nouns@} har rapporterat; använt {used:n} @kr@ av {received:n} @kr@.",
        "{reported:n} of {total:@noun@|@nouns@} {reported:|has|have} reported; {used:n} @kr@ used of {received:n} @kr@.",
    ),
    "cli_files_not_read": ("{count:fil|filer} lästes inte:", "{count:file was|files were} not read:"),
    "cli_collect_missing": ("Har inte rapporterat:", "Have not reported:"),
    "cli_collect_blank": (
        "Skickade tillbaka blanketten utan att fylla i något:",
        "Sent the form back with nothing filled in:",
    ),
    "flag_blank": (
        "Skickade tillbaka blanketten utan att fylla i något.",
        "Sent the form back with nothing filled in.",
    ),
    "cli_collect_flags": ("Anmärkningar:", "Remarks:"),
    # Sheet names (at most 31 characters)
    "sheet_overview": ("Översikt", "Overview"),
    "sheet_parameters": ("Parametrar", "Parameters"),
    "sheet_input": ("Indata {table}", "Input {table}"),
    "sheet_calculation": ("Beräkning", "Calculation"),
    "sheet_payout": ("Utbetalning", "Payout"),
    "sheet_follow_up": ("Återrapportering", "Follow-up"),
    "sheet_checks": ("Kontroll", "Checks"),
    "sheet_method": ("Metod", "Method"),
    # Common
    "example_banner": (
        "EXEMPELDATA – påhittade siffror, inte verkliga uppgifter.",
        "EXAMPLE DATA – invented figures, not real ones.",
    ),
    "total": ("Summa", "Total"),
    "ok": ("OK", "OK"),
    "error": ("FEL", "ERROR"),
    "page": ("Sida", "Page"),
    "decision_line": ("Beslut: {body} {reference} {paragraph}{date}", "Decision: {body} {reference} {paragraph}{date}"),
    "properties_subject": ("Fördelning av statsbidrag", "Distribution of a state grant"),
    "properties_comment": ("Skapad av grantsheet {version}", "Created by grantsheet {version}"),
    "col_centre_id": ("@Noun@-id", "@Noun@ id"),
    "col_centre": ("@Noun@", "@Noun@"),
    "col_pool": ("Pott", "Pool"),
    "col_amount_kr": ("Belopp (@kr@)", "Amount (@kr@)"),
    "col_key": ("Fördelningsnyckel", "Allocation key"),
    "col_unit": ("Enhet", "Unit"),
    "col_total_kr": ("Summa utbetalning (@kr@)", "Total payout (@kr@)"),
    "col_total_key": ("Total nyckel (enheter)", "Total key (units)"),
    "col_rate": ("Per enhet (@kr@)", "Rate per unit (@kr@)"),
    "col_paid_kr": ("Utbetalt (@kr@)", "Paid (@kr@)"),
    # Regions as recipients (the national level): the same workbook, other words.
    # Parameters
    "parameters_title": ("Parametrar", "Parameters"),
    "parameters_help": (
        "De gula cellerna är de enda talen som får ändras för hand. Ändra ett belopp så räknas hela arbetsboken om.",
        "The yellow cells are the only numbers meant to be changed by hand. Change an amount and "
        "the whole workbook recalculates.",
    ),
    # Input sheets
    "input_subtitle": (
        "Raderna som de lästes från {file}, blad {sheet} (SHA-256 {sha256}).",
        "The rows as read from {file}, sheet {sheet} (SHA-256 {sha256}).",
    ),
    # The words of a table the grant file declares ([[tables]]), from its own headings and units
    "input_title_declared": ("Indata: {table}", "Input: {table}"),
    "col_as_read": ("{heading} (som i indata)", "{heading} (as in input)"),
    "col_with_unit": ("{heading} ({unit})", "{heading} ({unit})"),
    "unit_declared": ("enheter", "units"),
    "unit1_declared": ("enhet", "unit"),
    "col_source_file": ("Källa: fil", "Source: file"),
    "col_source_sheet": ("Källa: blad", "Source: sheet"),
    "col_source_row": ("Källa: rad", "Source: row"),
    # Calculation
    "calculation_title": ("Beräkning per @noun@", "Calculation per @noun@"),
    "calculation_help": (
        "Nyckel = summan av @nounens@ rader i indata. Kvoten avrundas som pottens regel säger (bladet Metod beskriver varje pott).",
        "Key = sum of the @noun@'s input rows. The quota is rounded as the pool's rule says (the Method sheet describes each pool).",
    ),
    "col_calc_key": ("nyckel ({unit})", "key ({unit})"),
    "col_calc_share": ("andel (%)", "share (%)"),
    "col_calc_quota": ("kvot (@kr@)", "quota (@kr@)"),
    "col_calc_floor": ("avrundat nedåt (@kr@)", "rounded down (@kr@)"),
    "col_calc_remainder": ("rest (täljare, @kr@×enheter)", "remainder (numerator, @kr@×units)"),
    "col_calc_ties": ("lika rest som tröskeln, löpande (antal)", "remainder equal to threshold, running (count)"),
    "col_calc_extra": ("tillägg vid avrundningen (@kr@)", "added by the rounding (@kr@)"),
    "col_calc_payout": ("utbetalning (@kr@)", "payout (@kr@)"),
    "col_calc_eligible": ("omfattas (1 = ja, 0 = nej)", "eligible (1 = yes, 0 = no)"),
    # A pool with rules on the calculation sheet (docs/rules.md)
    "col_calc_rule_value": ("värde för tröskeln (hela enheter)", "value for the threshold (whole units)"),
    "col_calc_rule_eligible": ("omfattas (1 = ja, 0 = nej)", "eligible (1 = yes, 0 = no)"),
    "col_calc_rule_key": ("nyckel ({unit})", "key ({unit})"),
    "col_calc_rule_draw": ("plats i lottningen", "place in the draw"),
    "col_calc_rule_fixed": ("fast belopp ({money})", "fixed amount ({money})"),
    "col_calc_rule_round_part": ("omgång {round}: kvotsteg 1", "round {round}: quotient step 1"),
    "col_calc_rule_round_part_rest": ("omgång {round}: kvotsteg 1, rest", "round {round}: quotient step 1, rest"),
    "col_calc_rule_round_floor": ("omgång {round}: kvot, heltal", "round {round}: quota, whole"),
    "col_calc_rule_round_remainder": ("omgång {round}: rest", "round {round}: remainder"),
    "col_calc_rule_round_out": (
        "omgång {round}: kvoten -1 = under lägsta beloppet, 1 = över högsta beloppet",
        "round {round}: quota -1 = below minimum, 1 = above maximum",
    ),
    "col_calc_rule_round_bound": (
        "omgång {round}: -1 = lägsta beloppet, 1 = högsta beloppet, 0 = delar vidare",
        "round {round}: -1 = minimum, 1 = maximum, 0 = shares on",
    ),
    "col_calc_rule_sharing": ("nyckel som delar resten", "key sharing the rest"),
    "col_calc_rule_quota": ("exakt belopp ({money})", "exact amount ({money})"),
    "col_calc_rule_part": ("kvotsteg 1", "quotient step 1"),
    "col_calc_rule_part_rest": ("kvotsteg 1, rest", "quotient step 1, rest"),
    "col_calc_rule_floor": ("avrundat nedåt (utbetalningsenheter)", "rounded down (payout units)"),
    "col_calc_rule_remainder": ("rest (täljare)", "remainder (numerator)"),
    "col_calc_rule_ties": (
        "lika rest som tröskeln, i ordning (antal)",
        "remainder equal to threshold, in order (count)",
    ),
    "col_calc_rule_extra": ("extra enhet (0/1)", "extra unit (0/1)"),
    "col_calc_rule_payout": ("utbetalning ({money})", "payout ({money})"),
    "col_block_lower_limit": ("Tröskel, lägst (hela enheter)", "Threshold, at least (whole units)"),
    "col_block_upper_limit": ("Tröskel, högst (hela enheter)", "Threshold, at most (whole units)"),
    "col_block_per_key": ("Hela enheter per nyckelenhet", "Whole units per key unit"),
    "col_block_per_key_rest": ("Rest av enheterna per nyckel", "Units left over per key"),
    "col_block_round_rest": ("Omgång {round}: att dela efter nyckel", "Round {round}: to share by key"),
    "col_block_round_key": ("Omgång {round}: nyckel som delar", "Round {round}: key sharing"),
    "col_block_round_per_key": ("Omgång {round}: hela per nyckelenhet", "Round {round}: whole per key unit"),
    "col_block_round_per_key_rest": ("Omgång {round}: rest per nyckel", "Round {round}: left over per key"),
    "col_block_round_gap": (
        "Omgång {round}: hela enheter utanför lägsta och högsta belopp (över det högsta minus under det lägsta)",
        "Round {round}: whole units outside the bounds (above the maximum less below the minimum)",
    ),
    "col_block_round_rests": (
        "Omgång {round}: resterna utanför (täljare)",
        "Round {round}: remainders outside (numerator)",
    ),
    "col_block_round_side": (
        "Omgång {round}: hålls (-1 = under lägsta beloppet, 1 = över högsta beloppet, 0 = båda)",
        "Round {round}: held (-1 = below minimum, 1 = above maximum, 0 = both)",
    ),
    "col_rule_fixed": ("Fast belopp var (@kr@)", "Fixed amount each (@kr@)"),
    "col_rule_minimum": ("Lägsta belopp (@kr@)", "Minimum (@kr@)"),
    "col_rule_maximum": ("Högsta belopp (@kr@)", "Maximum (@kr@)"),
    "col_rule_unit": ("Utbetalningsenhet (@kr@)", "Payout unit (@kr@)"),
    "col_rule_ties": ("Lika rest", "Ties"),
    "col_rule_seed": ("Frö för lottning", "Seed of the draw"),
    "col_rule_column": ("Tröskelns kolumn", "Threshold column"),
    "col_rule_at_least": ("Tröskel, minst", "Threshold, at least"),
    "col_rule_at_most": ("Tröskel, högst", "Threshold, at most"),
    "ties_order": ("tidigare rad först", "earlier row first"),
    "ties_lot": ("lottning från fröet", "a draw from the seed"),
    "ties_stop": ("beslut krävs", "a decision is needed"),
    "median": ("median", "median"),
    "more": ("mer", "more"),
    "less": ("mindre", "less"),
    "constant_delningsbas": (
        "Delningsbas för nyckeln (fast): håller varje produkt under 2^53",
        "Split base of the key (fixed): keeps every product below 2^53",
    ),
    "constant_scale": ("Tiopotens för tröskelns kolumn ({column})", "Power of ten of the threshold column ({column})"),
    "check_each_difference": (
        "Potten {pool}: summan är {difference} {currency} {direction} än potten, som beslutets avrundning ger "
        "(var och en avrundad för sig)",
        "Pool {pool}: the sum is {difference} {currency} {direction} than the pool, as the decision's rounding "
        "gives (each rounded on its own)",
    ),
    "check_each_even": (
        "Potten {pool}: summan är lika med potten (var och en avrundad för sig)",
        "Pool {pool}: the sum equals the pool (each rounded on its own)",
    ),
    "check_within_unit": (
        "Potten {pool}: varje utbetalning ligger inom en utbetalningsenhet ({unit} @kr@) från sitt exakta belopp",
        "Pool {pool}: every payout lies within one payout unit ({unit} @kr@) of its exact amount",
    ),
    "check_minimum": (
        "Potten {pool}: ingen som omfattas får mindre än det lägsta beloppet",
        "Pool {pool}: nobody eligible gets less than the minimum",
    ),
    "check_rounds_enough": (
        "Potten {pool}: omgångarna räcker: ingen som delar efter nyckeln har en kvot under det lägsta eller över det högsta beloppet",
        "Pool {pool}: the rounds suffice: nobody sharing by key has a quota below the minimum or above the maximum",
    ),
    "check_maximum": (
        "Potten {pool}: ingen som omfattas får mer än det högsta beloppet",
        "Pool {pool}: nobody eligible gets more than the maximum",
    ),
    "col_block_distribute": (
        "Att fördela (@kr@; @ore@ i en pott som avrundas till @ore@)",
        "To distribute (@kr@; @ore@ in a pool rounded to the @ore@)",
    ),
    "col_block_total_key": ("Total nyckel (enheter)", "Total key (units)"),
    "col_block_floor_sum": ("Summa avrundat nedåt (@kr@ / @ore@)", "Sum rounded down (@kr@ / @ore@)"),
    "col_block_leftover": ("Kvar att fördela (@kr@ / @ore@)", "Left to distribute (@kr@ / @ore@)"),
    "col_block_threshold": ("Tröskel för tillägg (rest)", "Threshold for an added unit (remainder)"),
    "col_block_above": ("Rader över tröskeln (antal)", "Rows above threshold (count)"),
    "col_block_ties_needed": (
        "Tillägg till rader på tröskeln (antal)",
        "Added units for rows at the threshold (count)",
    ),
    "col_block_rate": ("Utbetalt per enhet (@kr@)", "Paid per unit (@kr@)"),
    "col_block_pool_amount": ("Pottens belopp (@kr@)", "Pool amount (@kr@)"),
    "col_block_paid": ("Utbetalt (@kr@)", "Paid (@kr@)"),
    "col_block_residual": ("Ej utbetalt (@kr@)", "Not paid (@kr@)"),
    "col_rounding": ("Avrundning", "Rounding"),
    "col_rate_set": ("Ersättning per enhet (@kr@)", "Rate per unit (@kr@)"),
    "col_cap": ("Högst pottens belopp", "Capped at the pool"),
    "col_eligible": ("Vilka som får", "Who is paid"),
    "col_weight": ("Viktning", "Weighting"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "eligible_all": ("alla", "all"),
    "eligible_threshold": ("de som når tröskeln", "those within the threshold"),
    "eligible_has_bed_places": ("@nouns@ med minst en boendeplats", "centres with at least one bed place"),
    "eligible_region_run": ("regiondrivna @nouns@ (enligt registret)", "region-run @nouns@ (from the register)"),
    "weight_none": ("ingen", "none"),
    "weight_months": ("månader med ansvaret", "months responsible"),
    "constant_ore_per_krona": ("Antal @ore@ per @kr@ (fast)", "Number of @ore@ per @kr@ (fixed)"),
    "constant_manader_per_ar": ("Månader på ett helt år (fast)", "Months in a whole year (fixed)"),
    "constant_key_scale": (
        "Nyckelenheter per enhet i {column} (fast: tiopotensen som gör varje värde helt)",
        "Key units per unit of {column} (fixed: the power of ten that makes every value whole)",
    ),
    "col_key_units": ("{column}: nyckelenheter (heltal)", "{column}: key units (whole)"),
    # Payout
    "payout_title": ("Utbetalning per @noun@ – {title}", "Payout per @noun@ – {title}"),
    # Follow-up
    "follow_up_title": ("Återrapportering – {title}", "Follow-up report – {title}"),
    "follow_up_help": (
        "Fyll i de gula cellerna: hur mycket av medlen som använts till vad, en beskrivning, "
        "kontaktperson och datum. Sista dag: {deadline}.",
        "Fill in the yellow cells: how much of the money was used for what, a description, a "
        "contact and the date. Deadline: {deadline}.",
    ),
    "form_category_heading": ("Använt till", "Used for"),
    "form_amount_heading": ("Belopp (@kr@)", "Amount (@kr@)"),
    "form_left_kr": ("Kvar (@kr@)", "Remaining (@kr@)"),
    "col_received_kr": ("Mottaget (@kr@)", "Received (@kr@)"),
    "col_used_kr": ("Använt: {category} (@kr@)", "Used: {category} (@kr@)"),
    "col_used_total_kr": ("Summa använt (@kr@)", "Total used (@kr@)"),
    "col_left_kr": ("Kvar (@kr@)", "Remaining (@kr@)"),
    "col_description": ("Beskrivning av hur medlen använts", "How the money was used"),
    "col_contact": ("Kontaktperson", "Contact"),
    "col_reported_on": ("Datum", "Date"),
    "validation_amount_title": ("Belopp i @kronor@", "Amount in @kronor@"),
    "validation_amount_message": (
        "Skriv ett belopp i @kronor@, 0 eller mer.",
        "Enter an amount in @kronor@, 0 or more.",
    ),
    "validation_amount_error": (
        "Beloppet måste vara ett tal, 0 eller större.",
        "The amount must be a number, 0 or more.",
    ),
    "validation_date_title": ("Datum", "Date"),
    "validation_date_message": ("Skriv datumet som ÅÅÅÅ-MM-DD.", "Enter the date as YYYY-MM-DD."),
    "validation_date_error": (
        "Skriv ett datum mellan {first} och {last} som ÅÅÅÅ-MM-DD.",
        "Enter a date between {first} and {last} as YYYY-MM-DD.",
    ),
    "validation_text_error": ("Texten får vara högst 2000 tecken.", "The text may be at most 2000 characters."),
    # Checks
    "checks_title": ("Kontroller", "Checks"),
    "checks_help": (
        "Varje kontroll är en formel som visar OK eller FEL. Översikten visar det samlade resultatet.",
        "Each check is a formula showing OK or ERROR. The overview shows the overall result.",
    ),
    "col_check": ("Kontroll", "Check"),
    "col_status": ("Status", "Status"),
    "check_overall": ("Samtliga kontroller", "All checks"),
    "check_pool_sum": ("{pool}: utbetalningarna summerar exakt till potten", "{pool}: payouts sum exactly to the pool"),
    "check_keys": (
        "{pool}: nyckeln i beräkningen är lika med summan i indatabladet",
        "{pool}: the key in the calculation equals the total in the input sheet",
    ),
    "check_within_one": (
        "{pool}: varje utbetalning ligger mindre än 1 @kr@ från sin exakta kvot",
        "{pool}: every payout is less than 1 @kr@ from its exact quota",
    ),
    "check_not_negative": ("{pool}: ingen utbetalning är negativ", "{pool}: no payout is negative"),
    "check_all_centres": (
        "Alla @nouns@ i indata finns med i beräkningen",
        "Every @noun@ in the input is in the calculation",
    ),
    "check_payout_sheet": (
        "Utbetalningsbladets summa är lika med beräkningens",
        "The payout sheet's total equals the calculation's",
    ),
    "check_follow_up": (
        "Återrapporteringens mottagna belopp är lika med utbetalningen",
        "The follow-up's received amounts equal the payout",
    ),
    "check_pool_floor": (
        "{pool}: utbetalningarna är kvoterna avrundade nedåt, och det som inte betalas ut är mindre än 1 @kr@ per mottagare",
        "{pool}: the payouts are the quotas rounded down, and what is not paid is less than 1 @kr@ per recipient",
    ),
    "check_pool_distributed": (
        "{pool}: utbetalningarna summerar exakt till beloppet att fördela",
        "{pool}: the payouts sum exactly to the amount to distribute",
    ),
    "check_pool_at_most": ("{pool}: högst pottens belopp betalas ut", "{pool}: at most the pool's amount is paid"),
    "check_keys_eligible": (
        "{pool}: nycklarna i beräkningen (bara de som omfattas) är högst nycklarna i indata",
        "{pool}: the keys in the calculation (eligible only) are at most the keys in the input",
    ),
    "check_grant_total_residual": (
        "Utbetalt plus ej utbetalt är hela bidraget: summan av alla potter",
        "Paid plus not paid is the whole grant: the sum of all pools",
    ),
    "check_grant_total": (
        "Hela bidraget betalas ut: summan av alla potter",
        "The whole grant is paid: sum of all pools",
    ),
    "warnings_title": ("Anmärkningar vid inläsningen", "Notes from reading the input"),
    "warnings_none": ("Inga.", "None."),
    # Overview
    "overview_status": ("Kontroller", "Checks"),
    "overview_centres": ("Antal @nouns@", "Number of @nouns@"),
    "overview_built_with": ("Skapad med", "Built with"),
    "mail_approval": ("Attest: {stamp}.", "Approval: {stamp}."),
    "approval_action_sie": ("bokföringsfilen (export --sie)", "the ledger file (export --sie)"),
    "approval_action_send": ("utskick (mail --send)", "sending (mail --send)"),
    "approval_stamp": ("Attesterad av {names}, bygge {build}", "Approved by {names}, build {build}"),
    "approval_not_stamp": (
        "Bygge {build} ej attesterat ({have} av {required} attester)",
        "Build {build} not approved ({have} of {required} approvals)",
    ),
    "approval_rejected_stamp": ("Bygge {build} avslaget av {name} {time}", "Build {build} rejected by {name} {time}"),
    "approval_no_build_stamp": ("Inget bygge", "No build"),
    "approval_at_print": (
        "Attest: ej attesterad vid utskrift. Attesten av just detta bygge förs i byggjournalen: grantsheet verify och grantsheet history visar den.",
        "Approval: not approved when printed. The approval of this very build is kept in the build journal: grantsheet verify and grantsheet history show it.",
    ),
    "overview_signing_key": ("Signerad med nyckel (fingeravtryck)", "Signed with key (fingerprint)"),
    "signed_with_key": (
        'Bygget är signerat med nyckeln {fingerprint}: grantsheet verify --fingerprint "{fingerprint}" visar att filen kommer från det bygget.',
        'The build is signed with the key {fingerprint}: grantsheet verify --fingerprint "{fingerprint}" shows that the file comes from that build.',
    ),
    "overview_inputs_time": ("Indata senast ändrade", "Inputs last changed"),
    "overview_rounding": ("Avrundning", "Rounding"),
    # A pool's rounding rule in words, with what it rounds to ({units}: ``whole_*``) since master
    # format 7; the method itself is the property layout.ROUNDING_PROPERTY, not these words.
    "rounding_largest_remainder": (
        "Största rest (Hamilton), {units}",
        "Largest remainder (Hamilton), {units}",
    ),
    "rounding_floor": (
        "Avrundning nedåt, {units}; resten betalas inte ut",
        "Rounded down, {units}; the residual is not paid",
    ),
    "rounding_ore": ("Största rest i @ore@ (två decimaler)", "Largest remainder in @ore@ (two decimals)"),
    "rounding_each": (
        "Var och en avrundas för sig (halvt uppåt), {units}; summan kan skilja från potten",
        "Each rounded on its own (half up), {units}; the sum may differ from the pool",
    ),
    "whole_units": ("hela @kronor@", "whole @kronor@"),
    "whole_hundredths": ("hela @ore@", "to the @ore@"),
    "whole_multiples": ("hela enheter om {unit}", "whole units of {unit}"),
    "col_file": ("Indatafil", "Input file"),
    "col_sha256": ("SHA-256", "SHA-256"),
    "col_size_bytes": ("Storlek (byte)", "Size (bytes)"),
    "chart_series": ("Utbetalning (@kr@)", "Payout (@kr@)"),
    "chart_title": ("Utbetalning per @noun@", "Payout per @noun@"),
    # Method
    "method_title": ("Metod", "Method"),
    "method_floor": (
        "Avrundning nedåt: en pott med denna avrundning betalar varje kvot avrundad nedåt till hela @kronor@. Det som blir kvar betalas inte ut; det står som 'Ej utbetalt' i beräkningens pottblock. Tröskeln sätts då till den totala nyckeln, som ingen rest når, så ingen får ett tillägg.",
        "Rounding down: a pool with this rounding pays each quota rounded down to whole @kronor@. What is left over is not paid; it shows as 'Not paid' in the calculation's pool block. The threshold is then the total key, which no remainder reaches, so nobody gets an added unit.",
    ),
    "method_ore": (
        "@Ore@: en pott som avrundas till @ore@ fördelas med största rest i @ore@ (beloppet gånger 100); kvoten avrundad nedåt, resten och tillägget står i @ore@ och utbetalningen i @kr@ med två decimaler.",
        "@Ore@: a pool rounded to the @ore@ is split by largest remainder in @ore@ (the amount times 100); the quota rounded down, the remainder and the added @ore@ are in @ore@ and the payout in @kr@ with two decimals.",
    ),
    "method_rate": (
        "Ersättning per enhet: en pott med en ersättning (bladet Parametrar) fördelar ersättningen gånger "
        "den totala nyckeln. Med tak fördelas högst pottens belopp: räcker potten inte skalas alla "
        "utbetalningar ned med största rest, och 'Utbetalt per enhet' visar den ersättning som faktiskt "
        "betalas. Utan tak kan utbetalningen bli större än potten.",
        "Rate per unit: a pool with a rate (Parameters sheet) distributes the rate times the total key. "
        "With a cap at most the pool's amount is distributed: when the pool does not cover it, every "
        "payout is scaled down by largest remainder, and 'Paid per unit' shows the rate actually paid. "
        "Without a cap the payout may exceed the pool.",
    ),
    "method_eligible": (
        "Vilka som omfattas: kolumnen 'omfattas' är 1 eller 0; nyckeln är 0 för den som inte omfattas. 'Med minst en boendeplats' räknas med formel från indatabladet; 'regiondriven' kommer från registrets driftform.",
        "Who is paid: the 'eligible' column is 1 or 0; the key is 0 for a @noun@ not eligible. 'At least one bed place' is a formula over the input sheet; 'region-run' comes from the register's operator column.",
    ),
    "method_months": (
        "Månader: en pott viktad med månader räknar platsmånader, platser gånger de månader @nounen@ hade ansvaret (tomt = 12). Ett boende som bytte @noun@ 1 juli står på två rader med 6 månader var. Allt är heltal.",
        "Months: a pool weighted by months counts place-months, places times the months the centre held the responsibility (empty = 12). A home that changed centre on 1 July stands on two rows of 6 months each. Everything is whole numbers.",
    ),
    "method_rule_eligible": (
        "Tröskel: en mottagare omfattas av potten {pool} när dess värde i kolumnen {column} är {bounds}. "
        "Värdet räknas i hela enheter (kolumnens tal gånger {scale}) så att jämförelsen är exakt; medianen "
        "räknas över alla mottagare med ett värde (medelvärdet av de två mittersta vid ett jämnt antal). "
        "Den som inte omfattas får 0 och lämnar nyckeln.",
        "Threshold: a recipient is eligible for the pool {pool} when its value in the column {column} is "
        "{bounds}. The value is counted in whole units (the column's number times {scale}) so that the "
        "comparison is exact; the median is taken over every recipient with a value (the mean of the two "
        "middle ones for an even count). One not eligible gets 0 and leaves the key.",
    ),
    "method_rule_equal": (
        "Lika delar: i potten {pool} har varje mottagare som omfattas nyckeln 1.",
        "Equal shares: in the pool {pool} every eligible recipient has the key 1.",
    ),
    "method_rule_fixed": (
        "Fast belopp: i potten {pool} får varje mottagare som omfattas först {fixed}; resten av potten "
        "delas efter nyckeln.",
        "Fixed amount: in the pool {pool} every eligible recipient first gets {fixed}; the rest of the "
        "pool is split by key.",
    ),
    "method_rule_rounds": (
        "Lägsta och högsta belopp: i potten {pool} {limits}. Det räknas i omgångar, en kolumngrupp per omgång: kvoten av det som är kvar räknas över dem som fortfarande delar; den vars belopp (med det fasta beloppet) skulle bli under det lägsta får det lägsta beloppet och den vars belopp skulle bli över det högsta får det högsta, och de lämnar delningen (kolumnen 'omgång': -1 = lägsta beloppet, 1 = högsta beloppet). Potten minskar med det de fick, och nästa omgång räknar om kvoterna, tills ingen ligger utanför. Resten delas efter nyckeln bland dem som är kvar.",
        "Minimum and maximum: in the pool {pool} {limits}. It is worked out in rounds, one group of columns per round: the quota of what is left is computed over those still sharing; one whose amount (with the fixed amount) would be below the minimum gets the minimum, one above the maximum gets the maximum, and they leave the sharing (the column 'round': -1 = minimum, 1 = maximum). The pool shrinks by what they got, and the next round computes the quotas again, until none lies outside. The rest is split by key among those left.",
    ),
    "method_rule_sides": (
        "Lägsta och högsta belopp tillsammans i potten {pool}: en omgång håller bara den sida som ligger längst ut. Kolumnen 'kvoten' visar var varje kvot ligger (-1 under det lägsta beloppet, 1 över det högsta), och pottens rad väger det som saknas upp till det lägsta beloppet mot det som ligger över det högsta (hela enheter och rester). Ligger mer över det högsta får alla som delar vidare till slut mer än omgångens kvot, så de över det högsta hålls; ligger mer under det lägsta hålls de under det lägsta; väger det jämnt hålls båda. Ingen hålls som en senare omgång skulle släppa: varje @noun@ får sin kvot av potten efter nyckeln, höjd till det lägsta beloppet eller sänkt till det högsta, med samma belopp per nyckelenhet för alla som delar. Boken har de {rounds} omgångar som dess uppgifter behöver; ändras ett belopp så att fler behövs, säger kontrollen 'omgångarna räcker' FEL.",
        "Minimum and maximum together in the pool {pool}: a round holds only the side that lies further out. The column 'quota' shows where each quota lies (-1 below the minimum, 1 above the maximum), and the pool's row weighs what those below lack against what those above have beyond the maximum (whole units and remainders). When more lies above, everyone still sharing ends with more than the round's quota, so those above are held; when more lies below, those below are held; when they balance, both are. Nobody is held whom a later round would release: every @noun@ gets its quota of the pool by key, raised to the minimum or lowered to the maximum, at the same amount per key unit for all who share. The book has the {rounds} rounds its data needs; a change of amount that needs more is reported by the check 'the rounds suffice' as ERROR.",
    ),
    "method_rule_minimum": ("ingen som omfattas får mindre än {amount}", "nobody eligible gets less than {amount}"),
    "method_rule_maximum": ("ingen får mer än {amount}", "nobody gets more than {amount}"),
    "method_rule_steps": (
        "Exakt kvot i steg: kvoten belopp × nyckel / total nyckel räknas som ett heltal och en rest utan att någon produkt blir så stor att ett kalkylprogram tappar siffror (2^53). Beloppet skrivs som A hela per nyckelenhet plus resten B, nyckeln som två delar under och över {base}; 'kvotsteg 1' och dess rest, kvoten avrundad nedåt och resten är då produkter av tal som ryms. Samma steg i varje omgång.",
        "Exact quota in steps: the quota amount × key / total key is computed as a whole number and a remainder without any product growing so large that a spreadsheet loses digits (2^53). The amount is written as A whole per key unit plus the rest B, the key as two parts below and above {base}; 'quotient step 1' and its rest, the quota rounded down and the remainder are then products of numbers that fit. The same steps in every round.",
    ),
    "method_rule_unit": (
        "Utbetalningsenhet: i potten {pool} är varje utbetalning ett helt antal av {unit}; resten delas i "
        "sådana enheter.",
        "Payout unit: in the pool {pool} every payout is a whole number of {unit}; the rest is split in such units.",
    ),
    "method_rule_each": (
        "Var och en för sig: i potten {pool} avrundas varje mottagares belopp för sig till närmaste hela "
        "{unit} (en halv enhet uppåt). Därför kan summan skilja sig från potten; bladet Kontroll och "
        "översikten säger hur mycket, som beslutets avrundning ger. Lika nyckel ger alltid lika belopp. "
        "Här: {difference}.",
        "Each on its own: in the pool {pool} every recipient's amount is rounded on its own to the nearest "
        "whole {unit} (half a unit up). So the sum may differ from the pool; the Checks sheet and the "
        "overview say by how much, as the decision's rounding gives. Equal keys always get equal amounts. "
        "Here: {difference}.",
    ),
    "method_rule_ties_order": (
        "Lika rest i potten {pool}: när mottagare med samma rest inte alla kan få en extra enhet går den, "
        "enligt beslutets regel, till den som står tidigare i beräkningsbladet. {tied}",
        "Ties in the pool {pool}: when recipients with the same remainder cannot all get an extra unit, it "
        "goes, by the decision's rule, to the one that comes earlier in the calculation sheet. {tied}",
    ),
    "method_rule_ties_lot": (
        "Lika rest i potten {pool}: när mottagare med samma rest inte alla kan få en extra enhet avgör en "
        "lottning från fröet {seed}. Varje mottagares plats i lottningen står i kolumnen 'plats i "
        'lottningen\': mottagarna ordnade efter SHA-256 av texten "{seed}:id", som vem som helst kan räkna om. '
        "Lägre plats får enheten först. {tied}",
        "Ties in the pool {pool}: when recipients with the same remainder cannot all get an extra unit, a "
        "draw from the seed {seed} decides. Each recipient's place in the draw is in the column 'place in "
        'the draw\': the recipients ordered by the SHA-256 of the text "{seed}:id", which anyone can '
        "recompute. The lower place gets the unit first. {tied}",
    ),
    "method_rule_ties_stop": (
        "Lika rest i potten {pool}: beslutet kräver ett eget beslut om mottagare med samma rest inte alla kan "
        "få en extra enhet; denna fördelning hade ingen sådan.",
        "Ties in the pool {pool}: the decision asks for a decision of its own if recipients with the same "
        "remainder cannot all get an extra unit; this split had none.",
    ),
    "method_rule_tied": (
        "Här gällde det {names}: {units} extra enhet(er) räckte inte åt alla.",
        "Here it concerned {names}: {units} extra unit(s) were not enough for all.",
    ),
    "method_rule_no_tie": ("Här uppstod ingen sådan lika rest.", "No such tie arose here."),
    "threshold_at_least": ("minst", "at least"),
    "threshold_at_most": ("högst", "at most"),
    "term_and": (" och ", " and "),
    # The texts of a recipient's file that name the recipients, when they are regions
    # (recipient_text): the national example's letters read as a split over the regions (#21.7).
    "method_1": (
        "Varje pott fördelas efter en fördelningsnyckel. Nyckeln för en @noun@ är summan av dess rader i indata i den kolumn potten anger:",
        "Each pool is split by an allocation key. A @noun@'s key is the sum of its input rows in the column the pool names:",
    ),
    "method_key": ("{pool}: {column} ({unit}).", "{pool}: {column} ({unit})."),
    "method_2": (
        "Kvoten är pottens belopp gånger @nounens@ nyckel delat med den totala nyckeln. Den är sällan ett jämnt belopp; hur den avrundas står nedan för varje sätt att avrunda som bidraget använder.",
        "The quota is the pool's amount times the @noun@'s key divided by the total key. It is seldom a round amount; how it is rounded is described below for each way of rounding the grant uses.",
    ),
    "method_3": (
        "Största rest: varje @noun@ får först kvoten avrundad nedåt till hela @kronor@. Det som då blir kvar av potten (alltid mindre än 1 @kr@ per @noun@) delas ut 1 @kr@ i taget till de @nouns@ som har störst rest (metoden kallas största rest eller Hamiltons metod). Resten räknas exakt som ett heltal: belopp × nyckel modulo total nyckel.",
        "Largest remainder: each @noun@ first gets its quota rounded down to whole @kronor@. What is then left of the pool (always less than 1 @kr@ per @noun@) goes 1 @kr@ at a time to the @nouns@ with the largest remainder (largest remainder or Hamilton's method). The remainder is computed exactly as an integer: amount × key modulo total key.",
    ),
    "method_4": (
        "Lika rest: har flera @nouns@ samma rest går tillägget till den som står först i beräkningsbladet. Bladet är sorterat efter @nounens@ namn i svensk alfabetisk ordning (Å, Ä, Ö sist), därefter efter id.",
        "Ties: when several @nouns@ have the same remainder, the added unit goes to the one that comes first in the calculation sheet. The sheet is sorted by name in Swedish alphabetical order (Å, Ä, Ö last), then by id.",
    ),
    "method_5": (
        "Därför gäller med största rest alltid: utbetalningarna summerar exakt till potten, varje utbetalning ligger mindre än 1 @kr@ från sin kvot, en @noun@ med nyckel 0 får 0 @kr@, och en större nyckel ger aldrig mindre pengar. Bladet Kontroll visar detta med formler.",
        "So with largest remainder it always holds that payouts sum exactly to the pool, each payout is less than 1 @kr@ from its quota, a @noun@ with key 0 gets 0 @kr@, and more key never gets less money. The Checks sheet shows this with formulas.",
    ),
    "method_paradox": (
        "En egenhet hos största rest: när en pott växer kan en @noun@ ändå få 1 @kr@ mindre, fast dess nyckel är densamma (Alabamaparadoxen). Exempel: nycklarna 6, 6 och 2 får 4, 4 och 2 @kr@ av 10 @kr@, men 5, 5 och 1 @kr@ av 11 @kr@. Alla tre kvoterna växer (den tredje från 1,43 till 1,57 @kr@), men av 11 @kr@ blir 2 @kr@ kvar när kvoterna avrundats nedåt, och de går till de två största resterna. Varje utbetalning ligger ändå mindre än 1 @kr@ från sin kvot (i en pott i @ore@: 1 @ore@). När det händer vid en ny körning säger ändringsrapporten till, i terminalen och på bladet Ändringar.",
        "A quirk of largest remainder: when a pool grows, a @noun@ can still get 1 @kr@ less although its key stayed the same (the Alabama paradox). Example: keys 6, 6 and 2 get 4, 4 and 2 @kr@ of 10 @kr@, but 5, 5 and 1 @kr@ of 11 @kr@. All three quotas grow (the third from 1.43 to 1.57 @kr@), but of 11 @kr@ 2 @kr@ are left once the quotas are rounded down, and they go to the two largest remainders. Every payout still lies less than 1 @kr@ from its quota (in a pool in @ore@: 1 @ore@). When it happens on a rebuild, the change report says so, in the terminal and on the Changes sheet.",
    ),
    "method_6": (
        "Alla belopp är levande formler. Ändra ett belopp på bladet Parametrar så räknas nycklar, kvoter, avrundningar, utbetalningar och kontroller om. Formlerna använder bara heltal där ett belopp avgörs, så Excel, LibreOffice och Gnumeric kommer fram till exakt samma belopp som grantsheet.",
        "Every amount is a live formula. Change an amount on the Parameters sheet and keys, quotas, roundings, payouts and checks recalculate. The formulas use integers wherever an amount is decided, so Excel, LibreOffice and Gnumeric reach exactly the amounts grantsheet computed.",
    ),
    "method_7": (
        "Tröskeln för tillägget vid största rest är den rest som står på plats 'kvar att fördela' när resterna sorteras från störst (LARGE). Rader med större rest får tillägget; bland rader med exakt tröskelns rest får de första så många som behövs. Formlerna växer linjärt med antalet @nouns@: hela landet (cirka 1 150) räknas om på någon sekund, och arbetsboken är bekväm att arbeta i i ett kalkylprogram upp till omkring 10 000 mottagare (omräkning på några sekunder). Långt större arbetsböcker fungerar men blir tröga att öppna och räkna om.",
        "The threshold for the added unit in largest remainder is the remainder at position 'left to distribute' when remainders are sorted from largest (LARGE). Rows with a larger remainder get it; among rows exactly at the threshold the first ones get as many as needed. The formulas grow linearly with the number of @nouns@: a whole country (about 1 150) recalculates in about a second, and the workbook stays comfortable in a spreadsheet program up to about 10 000 recipients (recalculation in a few seconds). Far larger workbooks work but become slow to open and recalculate.",
    ),
}

# kind -> ((Swedish message, Swedish fix), (English message, English fix))
PROBLEMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # Faults of the machine rather than the input (grantsheet/faults.py, grantsheet/lock.py)
    "workspace_locked": (
        (
            "En annan körning av grantsheet arbetar redan i den här mappen: {command} (process {pid}, {user} på {host}, sedan {since}).",
            "vänta tills den är klar och försök igen; stäng sidan eller terminalen som kör den om den har hängt sig.",
        ),
        (
            "Another grantsheet run is already working in this folder: {command} (process {pid}, {user} on {host}, since {since}).",
            "wait until it has finished and try again; close the page or terminal running it if it hangs.",
        ),
    ),
    "outputs_busy": (
        (
            "Utdatafilerna läses eller byts ut av en annan körning sedan mer än {seconds} sekunder.",
            "vänta tills den är klar (en kontroll av en stor huvudfil tar några minuter) och försök igen.",
        ),
        (
            "The outputs have been read or replaced by another run for more than {seconds} seconds.",
            "wait until it has finished (verifying a large master takes a few minutes) and try again.",
        ),
    ),
    "outputs_half_swapped": (
        (
            "Ett bygge avbröts medan det bytte ut filerna här, och mappen går inte att skriva i, så det "
            "kan inte göras ogjort: mappen kan innehålla både gamla och nya filer.",
            "kör grantsheet build (eller öppna sidan) där mappen går att skriva i; det återställer den förra "
            "hela uppsättningen.",
        ),
        (
            "A build was stopped while it replaced the files here, and the folder cannot be written, so it "
            "cannot be undone: the folder may hold old and new files mixed.",
            "run grantsheet build (or open the page) where the folder can be written; that puts the previous "
            "whole set back.",
        ),
    ),
    "disk_full": (
        (
            "Disken är full: {free} MB ledigt. Inget byttes ut; de tidigare filerna är orörda.",
            "frigör minst {needed} MB, eller flytta utdata ({folder}) till en disk med mer plats (--outputs), och kör igen.",
        ),
        (
            "The disk is full: {free} MB free. Nothing was replaced; the previous files are untouched.",
            "free at least {needed} MB, or move the outputs ({folder}) to a disk with more room (--outputs), and run again.",
        ),
    ),
    "folder_not_writable": (
        (
            "Det går inte att skriva här ({detail}). Inget byttes ut; de tidigare filerna är orörda.",
            "ge dig själv skrivrätt till {folder} (eller ta bort skrivskyddet), eller välj en annan mapp med --outputs.",
        ),
        (
            "This cannot be written ({detail}). Nothing was replaced; the previous files are untouched.",
            "give yourself write access to {folder} (or remove the read-only setting), or choose another folder with --outputs.",
        ),
    ),
    "file_in_use": (
        (
            "Filen används av ett annat program och kan inte ersättas.",
            "stäng filen i Excel, LibreOffice eller förhandsvisningen och kör igen.",
        ),
        (
            "The file is in use by another program and cannot be replaced.",
            "close the file in Excel, LibreOffice or the preview and run again.",
        ),
    ),
    "path_too_long": (
        (
            "Sökvägen är för lång för filsystemet ({length} tecken).",
            "välj en utdatamapp närmare diskens rot (--outputs), eller kortare namn.",
        ),
        (
            "The path is too long for the file system ({length} characters).",
            "choose an outputs folder nearer the root of the disk (--outputs), or shorter names.",
        ),
    ),
    "path_too_long_for_excel": (
        (
            "Den längsta sökvägen bygget skriver, {path}, har {length} tecken; Excel öppnar inga "
            "filer vars sökväg är längre än {limit} tecken. Inget skrevs.",
            "flytta utdatamappen {folder} närmare diskens rot, så att dess sökväg blir minst {over} "
            "tecken kortare (t.ex. C:\\Bidrag\\utdata), eller korta de längsta namnen i indata.",
        ),
        (
            "The longest path the build writes, {path}, has {length} characters; Excel opens no file "
            "whose path is longer than {limit}. Nothing was written.",
            "move the outputs folder {folder} nearer the root of the disk, so that its path is at least "
            "{over} characters shorter (e.g. C:\\Grants\\outputs), or shorten the longest names in the inputs.",
        ),
    ),
    "output_would_be_unreadable": (
        (
            "Den nya filen skulle bli för stor för att läsas tillbaka ({size:,} mot gränsen {limit:,} byte eller delar); inget byttes ut, de tidigare filerna är orörda.",
            "se efter vad som har förts över (bladet Ej överförda uppgifter, de returnerade blanketterna) och ta bort det som inte hör dit.",
        ),
        (
            "The new file would be too large to read back ({size:,} against the limit of {limit:,} bytes or parts); nothing was replaced, the previous files are untouched.",
            "look at what was carried over (the Not carried sheet, the returned forms) and remove what does not belong.",
        ),
    ),
    "foreign_other_year": (
        (
            "Blanketten hör till bidragsåret {year}, inte till det här; inget i den räknades eller fördes över.",
            "lägg filen i utdatamappen för rätt år; uppgifterna i den finns på bladet Ej överförda uppgifter.",
        ),
        (
            "The form belongs to the grant year {year}, not to this one; nothing in it was counted or carried.",
            "put the file in the outputs folder of its year; its entries are on the sheet Not carried.",
        ),
    ),
    "foreign_other_grant": (
        (
            "Blanketten hör till ett annat bidrag (en annan organisation, ett annat beslut eller andra potter); inget i den räknades eller fördes över.",
            "ta bort filen härifrån och lämna den till det bidrag den hör till; uppgifterna i den finns på bladet Ej överförda uppgifter.",
        ),
        (
            "The form belongs to another grant (another organisation, decision or other pools); nothing in it was counted or carried.",
            "take the file away from here, to the grant it belongs to; its entries are on the sheet Not carried.",
        ),
    ),
    "foreign_other_centre": (
        (
            "Blankettens sparade @noun@-id har ändrats efter att den skrevs (sigillet stämmer inte); inget i den räknades eller fördes över.",
            "be @nounen@ om en ny kopia av sin egen fil; uppgifterna i den finns på bladet Ej överförda uppgifter.",
        ),
        (
            "The form's stored @noun@ id was changed after it was written (its seal does not match); nothing in it was counted or carried.",
            "ask the @noun@ for a new copy of its own file; its entries are on the sheet Not carried.",
        ),
    ),
    "typed_formula_value": (
        (
            "Här har någon skrivit en formel ({formula}); dess sparade värde {value} fördes över som tal, inte formeln.",
            "inget behöver göras om {value} är rätt; skriv annars in rätt tal i den nya filen.",
        ),
        (
            "A formula was typed here ({formula}); its saved value {value} was carried as a number, not the formula.",
            "nothing to do if {value} is right; otherwise type the right number into the new file.",
        ),
    ),
    "typed_formula_text": (
        (
            "Här har någon skrivit en formel ({formula}) utan sparat talvärde; formelns text fördes över och räknas inte med i summorna.",
            "skriv in talet i stället för formeln i den nya filen.",
        ),
        (
            "A formula was typed here ({formula}) with no saved number; its text was carried and does not count in the sums.",
            "type the number instead of the formula into the new file.",
        ),
    ),
    "output_link": (
        (
            "Detta är en länk (till {target}); grantsheet skriver och läser aldrig genom en länk ut ur utdatamappen, så inget byttes ut.",
            "ersätt länken med en vanlig mapp eller fil (flytta innehållet hit), eller låt --outputs peka direkt på mappen där filerna ska ligga.",
        ),
        (
            "This is a link (to {target}); grantsheet never writes or reads through a link out of the outputs folder, so nothing was replaced.",
            "replace the link by an ordinary folder or file (move the contents here), or point --outputs straight at the folder the files belong in.",
        ),
    ),
    "output_in_the_way": (
        (
            "Här ska en mapp eller en arbetsbok ligga, men något annat står i vägen; inget byttes ut.",
            "flytta eller byt namn på det som står här och kör igen.",
        ),
        (
            "A folder or a workbook belongs here, but something else is in the way; nothing was replaced.",
            "move or rename what is here and run again.",
        ),
    ),
    "os_error": (
        (
            "Operativsystemet vägrade: {detail} (felkod {code}). Inget byttes ut; de tidigare filerna är orörda.",
            "rätta det som meddelandet säger (behörighet, disk, nätverksmapp) och kör igen.",
        ),
        (
            "The operating system refused: {detail} (error code {code}). Nothing was replaced; the previous files are untouched.",
            "correct what the message says (permissions, disk, network folder) and run again.",
        ),
    ),
    "file_not_text": (
        ("Filen är inte text i UTF-8.", "spara grant.toml som UTF-8 i en textredigerare."),
        ("The file is not UTF-8 text.", "save grant.toml as UTF-8 in a text editor."),
    ),
    "return_not_workbook": (
        (
            "Filen är varken en arbetsbok (.xlsx) eller en zip med arbetsböcker.",
            "skicka återrapporteringen som .xlsx, eller flera i en .zip.",
        ),
        (
            "The file is neither a workbook (.xlsx) nor a zip of workbooks.",
            "send the follow-up as .xlsx, or several in a .zip.",
        ),
    ),
    "returns_too_many": (
        ("{count} filer på en gång; högst {limit} tas emot.", "släpp filerna i mindre omgångar."),
        ("{count} files at once; at most {limit} are received.", "drop the files in smaller batches."),
    ),
    "grant_missing": (
        (
            "Bidragsfilen saknas: ingen grant.toml i {folder}.",
            "kör 'grantsheet init MAPP' eller lägg en grant.toml i indatamappen (--inputs).",
        ),
        (
            "The grant file is missing: no grant.toml in {folder}.",
            "run 'grantsheet init DIR' or put a grant.toml in the inputs folder (--inputs).",
        ),
    ),
    "grant_syntax": (
        ("Bidragsfilen är inte giltig TOML ({detail}).", "rätta raden; jämför med templates/grant.toml."),
        ("The grant file is not valid TOML ({detail}).", "correct the line; compare with templates/grant.toml."),
    ),
    "grant_bad_value": (
        ('Värdet {value!r} för "{key}" är inte tillåtet.', "använd ett av: {allowed}."),
        ('The value {value!r} for "{key}" is not allowed.', "use one of: {allowed}."),
    ),
    "grant_missing_key": (
        ('"{key}" saknas i {table}.', "lägg till {example} under {table}."),
        ('"{key}" is missing in {table}.', "add {example} under {table}."),
    ),
    "export_no_build": (
        (
            "Det finns ingen byggd huvudarbetsbok för dessa indata; en export ska komma från det som byggdes.",
            "kör grantsheet build först (med samma --inputs och --outputs), och exportera sedan.",
        ),
        (
            "There is no built master workbook for these inputs; an export must come from what was built.",
            "run grantsheet build first (with the same --inputs and --outputs), then export.",
        ),
    ),
    "export_build_differs": (
        (
            "Huvudarbetsboken har andra utbetalningar än indata ger nu: indata har ändrats sedan den byggdes.",
            "kör grantsheet build igen så att huvudarbetsboken och exporten visar samma belopp, och exportera sedan.",
        ),
        (
            "The master workbook holds other payouts than the inputs give now: the inputs changed after it was built.",
            "run grantsheet build again so that the master and the export show the same amounts, then export.",
        ),
    ),
    "export_no_ledger": (
        (
            "Bidragsfilen saknar [ledger]: SIE-filen behöver kostnadskonto och motkonto.",
            'lägg till [ledger] med cost_account = "4990" och counter_account = "2890" (era egna kontonummer).',
        ),
        (
            "The grant file has no [ledger]: the SIE file needs a cost account and a counter account.",
            'add [ledger] with cost_account = "4990" and counter_account = "2890" (your own account numbers).',
        ),
    ),
    "export_needs_register": (
        (
            "SIE-filen bokför varje hälsocentral på dess kostnadsställe, men bidragsfilen nämner inget register.",
            'lägg till ett register med kolumnen Kostnadsställe och skriv register = "register.xlsx" under [inputs].',
        ),
        (
            "The SIE file books each centre on its cost centre, but the grant file names no register.",
            'add a register with a Cost centre column and write register = "register.xlsx" under [inputs].',
        ),
    ),
    "export_no_cost_centre": (
        (
            "@Nounen@ {name!r} ({id}) får en utbetalning men har inget kostnadsställe i registret.",
            "fyll i kolumnen Kostnadsställe för {id} i registret.",
        ),
        (
            "The @noun@ {name!r} ({id}) is paid but has no cost centre in the register.",
            "fill in the Cost centre column for {id} in the register.",
        ),
    ),
    "pdf_no_libreoffice": (
        (
            "PDF:erna skrivs av LibreOffice, som inte hittades (sökte i: {looked}); inget byggdes.",
            "installera LibreOffice (Windows: från libreoffice.org; Debian: apt-get install -y "
            "libreoffice-calc-nogui), eller bygg utan --pdf.",
        ),
        (
            "The PDFs are printed by LibreOffice, which was not found (looked in: {looked}); nothing was built.",
            "install LibreOffice (Windows: from libreoffice.org; Debian: apt-get install -y "
            "libreoffice-calc-nogui), or build without --pdf.",
        ),
    ),
    "pdf_failed": (
        (
            "LibreOffice kunde inte skriva PDF:erna ({detail}); inget ersattes, de förra utdatafilerna finns kvar.",
            "bygg igen; går det inte heller, bygg utan --pdf och skriv ut filerna från Excel eller LibreOffice.",
        ),
        (
            "LibreOffice could not print the PDFs ({detail}); nothing was replaced, the previous outputs stay.",
            "build again; if that fails too, build without --pdf and print the files from Excel or LibreOffice.",
        ),
    ),
    "mail_no_settings": (
        (
            "Bidragsfilen saknar [mail]: e-postutkasten behöver en avsändare.",
            'lägg till [mail] med sender = "bidrag@region.example" (och host, port, user för att skicka).',
        ),
        (
            "The grant file has no [mail]: the drafts need a sender.",
            'add [mail] with sender = "grants@region.example" (and host, port, user to send).',
        ),
    ),
    "mail_no_address": (
        (
            "@Nounen@ {name!r} ({id}) har ingen e-postadress i registret; utkastet saknar mottagare.",
            "fyll i kolumnen E-post för {id} i registret, eller skriv mottagaren i utkastet.",
        ),
        (
            "The @noun@ {name!r} ({id}) has no e-mail address in the register; its draft has no recipient.",
            "fill in the E-mail column for {id} in the register, or add the recipient in the draft.",
        ),
    ),
    "mail_bad_address": (
        (
            "E-postadressen {value!r} för {name!r} ({id}) i registret är inte en adress.",
            "skriv en adress som namn@region.example i kolumnen E-post.",
        ),
        (
            "The e-mail address {value!r} of {name!r} ({id}) in the register is not an address.",
            "write an address like name@example.org in the E-mail column.",
        ),
    ),
    "mail_no_centre_file": (
        (
            "@Nounens@ arbetsbok från bygget saknas; den ska bifogas brevet.",
            "kör grantsheet build igen (med samma --inputs och --outputs), och sedan grantsheet mail.",
        ),
        (
            "The @noun@'s workbook from the build is missing; it is to be attached to the letter.",
            "run grantsheet build again (with the same --inputs and --outputs), then grantsheet mail.",
        ),
    ),
    "mail_no_host": (
        (
            "[mail] saknar host: ingen e-postserver att skicka genom.",
            'lägg till host = "smtp.region.example" (och port, starttls, user) under [mail].',
        ),
        (
            "[mail] has no host: no mail server to send through.",
            'add host = "smtp.region.example" (and port, starttls, user) under [mail].',
        ),
    ),
    "mail_send_failed": (
        (
            "Sändningen genom {host} avbröts efter {sent} meddelanden: {detail}.",
            "kontrollera host, port, starttls och user under [mail] och lösenordet; de {sent} som gick iväg ska inte skickas igen.",
        ),
        (
            "Sending through {host} stopped after {sent} messages: {detail}.",
            "check host, port, starttls and user under [mail] and the password; the {sent} already sent must not be sent again.",
        ),
    ),
    "mail_no_password": (
        (
            "[mail] anger en användare men miljövariabeln {variable} med lösenordet är tom.",
            "sätt {variable} i miljön innan du skickar (lösenordet skrivs aldrig i bidragsfilen).",
        ),
        (
            "[mail] names a user but the environment variable {variable} with the password is empty.",
            "set {variable} in the environment before sending (the password never goes in the grant file).",
        ),
    ),
    "grant_bad_template": (
        (
            '"{key}" i [{table}] har en okänd platshållare eller en ensam klammer: {value}.',
            "använd bara {{centre}}, {{centre_id}}, {{amount}}, {{deadline}}, {{title}}, {{organisation}}, "
            "{{decision}} och {{year}}; skriv {{{{ och }}}} för en klammer.",
        ),
        (
            '"{key}" in [{table}] has an unknown placeholder or a stray brace: {value}.',
            "use only {{centre}}, {{centre_id}}, {{amount}}, {{deadline}}, {{title}}, {{organisation}}, "
            "{{decision}} and {{year}}; write {{{{ and }}}} for a brace.",
        ),
    ),
    "approval_no_build": (
        ("Det finns inget bygge i journalen att attestera.", "kör grantsheet build först."),
        ("The journal has no build to approve.", "run grantsheet build first."),
    ),
    "approval_own_build": (
        (
            "{user} byggde bygge {build} och kan inte attestera det: attest kräver två personer.",
            "låt en annan handläggare attestera (grantsheet approve under sitt eget konto, eller på sidan).",
        ),
        (
            "{user} made build {build} and cannot approve it: approval takes two people.",
            "have another officer approve it (grantsheet approve under their own account, or on the page).",
        ),
    ),
    "approval_not_approver": (
        (
            "{user} får inte attestera enligt [approval] approvers ({approvers}).",
            "låt någon av dem attestera, eller lägg till namnet i grant.toml.",
        ),
        (
            "{user} may not approve under [approval] approvers ({approvers}).",
            "have one of them approve, or add the name in grant.toml.",
        ),
    ),
    "approval_build_unsigned": (
        (
            "Bygge {build} är inte signerat (eller dess journalrad har ändrats): det går inte att säga vad som attesteras.",
            "bygg om med grantsheet build och attestera det nya bygget.",
        ),
        (
            "Build {build} is not signed (or its journal line was changed): what would be approved cannot be told.",
            "build again with grantsheet build and approve the new build.",
        ),
    ),
    "approval_already": (
        ("{user} har redan attesterat bygge {build}.", "en annan attestant behövs för nästa attest."),
        ("{user} has already approved build {build}.", "another approver is needed for the next approval."),
    ),
    "approval_file_differs": (
        (
            "Filen är inte den som bygge {build} skrev: den har ändrats eller tagits bort efter bygget.",
            "kör grantsheet verify på filen; bygg om och attestera det nya bygget.",
        ),
        (
            "The file is not the one build {build} wrote: it was changed or removed after the build.",
            "run grantsheet verify on the file; build again and approve the new build.",
        ),
    ),
    "approval_missing": (
        (
            "Bygge {build} är inte attesterat ({have} av {required} attester): {action} görs bara för ett attesterat bygge.",
            "låt en annan handläggare än den som byggde köra grantsheet approve (eller attestera på sidan).",
        ),
        (
            "Build {build} is not approved ({have} of {required} approvals): {action} only for an approved build.",
            "have an officer other than the builder run grantsheet approve (or approve on the page).",
        ),
    ),
    "approval_rejected": (
        (
            "{user} avslog bygge {build} {time}: {comment}",
            "rätta det som kommentaren säger, bygg om och låt det nya bygget attesteras.",
        ),
        (
            "{user} rejected build {build} {time}: {comment}",
            "correct what the comment says, build again and have the new build approved.",
        ),
    ),
    "approval_changed": (
        (
            "Filen har ändrats sedan bygge {build} attesterades: attesten gäller filen som den var.",
            "kör grantsheet verify på filen; bygg om och låt det nya bygget attesteras.",
        ),
        (
            "The file changed since build {build} was approved: the approval holds for the file as it was.",
            "run grantsheet verify on the file; build again and have the new build approved.",
        ),
    ),
    "grant_approver_twice": (
        ('Attestanten "{name}" står två gånger i [approval] approvers.', "skriv varje namn en gång."),
        ('The approver "{name}" is listed twice in [approval] approvers.', "list each name once."),
    ),
    "grant_approval_too_few": (
        (
            "[approval] kräver {required} attester men bara {count} får attestera.",
            "sänk required eller lägg till attestanter i approvers.",
        ),
        (
            "[approval] requires {required} approvals but only {count} may approve.",
            "lower required or add approvers.",
        ),
    ),
    "grant_duplicate_pool": (
        ('Pott-id "{pool}" finns två gånger.', "ge varje pott ett eget id."),
        ('Pool id "{pool}" appears twice.', "give each pool its own id."),
    ),
    "grant_bad_pool_id": (
        ("Pott-id {value!r} är inte giltigt.", 'använd små bokstäver a–z, siffror och _, t.ex. "sabo".'),
        ("Pool id {value!r} is not valid.", 'use lower-case letters a–z, digits and _, e.g. "sabo".'),
    ),
    "grant_unknown_key": (
        ('Okänd inställning "{key}" i {table}.', "använd bara: {allowed}; kontrollera stavningen."),
        ('Unknown setting "{key}" in {table}.', "use only: {allowed}; check the spelling."),
    ),
    "grant_unknown_key_near": (
        ('Okänd inställning "{key}" i {table}.', 'menade du "{suggestion}"? Tillåtna: {allowed}.'),
        ('Unknown setting "{key}" in {table}.', 'did you mean "{suggestion}"? Allowed: {allowed}.'),
    ),
    "grant_wrong_type": (
        ('"{key}" ska vara {expected}, men är {found} ({value}).', "skriv till exempel: {example}"),
        ('"{key}" must be {expected}, but is {found} ({value}).', "write for example: {example}"),
    ),
    "grant_amount_beyond_engines": (
        (
            '"amount" = {value} är större än {most}: Excel och LibreOffice räknar och visar bara 15 '
            "siffror, så beloppet (i kronor, eller i öre med öresavrundning) skulle visas och summeras fel "
            "i arbetsboken.",
            "dela upp beloppet i flera potter, eller räkna i kronor i stället för öre; till exempel: {example}",
        ),
        (
            '"amount" = {value} is larger than {most}: Excel and LibreOffice compute and show only 15 '
            "digits, so the amount (in kronor, or in öre with öre rounding) would be shown and summed wrong "
            "in the workbook.",
            "split the amount over several pools, or count in kronor rather than öre; for example: {example}",
        ),
    ),
    "grant_out_of_range": (
        ('"{key}" = {value} ligger utanför det tillåtna, {least} till {most}.', "skriv till exempel: {example}"),
        ('"{key}" = {value} is outside what is allowed, {least} to {most}.', "write for example: {example}"),
    ),
    "grant_control_character": (
        (
            '"{key}" innehåller ett styrtecken ({char}), som inte syns och inte hör hemma i en text.',
            "skriv texten igen utan det tecknet, till exempel: {example}",
        ),
        (
            '"{key}" holds a control character ({char}), which does not show and has no place in a text.',
            "write the text again without it, for example: {example}",
        ),
    ),
    "grant_bad_form": (
        ('"{key}" = {value} har inte den form inställningen ska ha.', "skriv till exempel: {example}"),
        ('"{key}" = {value} does not have the form the setting needs.', "write for example: {example}"),
    ),
    "grant_text_length": (
        (
            '"{key}" har {measure} tecken ({value}); den ska ha {least} till {most}.',
            "skriv en text av den längden, till exempel: {example}",
        ),
        (
            '"{key}" has {measure} characters ({value}); it must have {least} to {most}.',
            "write a text of that length, for example: {example}",
        ),
    ),
    "grant_list_length": (
        ('"{key}" har {measure} poster; den ska ha {least} till {most}.', "ändra antalet, till exempel: {example}"),
        (
            '"{key}" has {measure} entries; it must have {least} to {most}.',
            "change their number, for example: {example}",
        ),
    ),
    "grant_too_deep": (
        (
            "Bidragsfilen har listor eller tabeller inuti varandra i mer än {limit} nivåer.",
            "ingen inställning behöver fler än två nivåer; jämför med templates/grant.toml.",
        ),
        (
            "The grant file nests lists or tables more than {limit} levels deep.",
            "no setting needs more than two levels; compare with templates/grant.toml.",
        ),
    ),
    "grant_too_large": (
        (
            "Bidragsfilen är större än {limit} byte; den ska bara hålla några inställningar.",
            "utgå från templates/grant.toml och skriv in bidragets inställningar.",
        ),
        (
            "The grant file is larger than {limit} bytes; it only holds a few settings.",
            "start from templates/grant.toml and write in the grant's settings.",
        ),
    ),
    "grant_encoding": (
        (
            "Bidragsfilen verkar vara sparad som {encoding}, inte som UTF-8.",
            "öppna den i en textredigerare och spara den som UTF-8 (i Anteckningar: Spara som, Kodning: UTF-8).",
        ),
        (
            "The grant file seems to be saved as {encoding}, not as UTF-8.",
            "open it in a text editor and save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8).",
        ),
    ),
    "grant_duplicate_category": (
        (
            "Kategorin {value!r} finns två gånger: samma id, eller samma namn (skiftläge och mellanslag räknas inte).",
            "ge varje kategori ett eget id och ett eget namn; annars hamnar uppgifterna för båda i en kolumn.",
        ),
        (
            "The category {value!r} appears twice: the same id, or the same name (case and spacing do not count).",
            "give each category its own id and its own name; otherwise the entries for both end in one column.",
        ),
    ),
    "grant_input_outside": (
        (
            "Indatafilen {value!r} ligger utanför indatamappen.",
            "flytta filen till indatamappen, eller skriv outside_folder = true under [inputs] om den ska läsas därifrån.",
        ),
        (
            "The input file {value!r} lies outside the inputs folder.",
            "move the file into the inputs folder, or write outside_folder = true under [inputs] to read it there.",
        ),
    ),
    "grant_unknown_column": (
        (
            "Nyckeln {value!r} nämner en kolumn som tabellen {table} inte har som nyckel.",
            "skriv key = ett av: {allowed}.",
        ),
        ("The key {value!r} names a column table {table} has no key in.", "write key = one of: {allowed}."),
    ),
    "grant_threshold_without_bound": (
        (
            'eligible med column behöver en gräns: at_least eller at_most (ett tal eller "median").',
            'skriv till exempel: eligible = {{ column = "befolkning.arbetsloshet", at_least = "median" }}',
        ),
        (
            'eligible with a column needs a bound: at_least or at_most (a number or "median").',
            'write for example: eligible = {{ column = "befolkning.arbetsloshet", at_least = "median" }}',
        ),
    ),
    "grant_ore_with_unit": (
        (
            'rounding = "ore" avrundar till 0,01, men unit = {unit} säger något annat.',
            'ta bort unit, eller skriv rounding = "largest_remainder" med den enhet beslutet anger.',
        ),
        (
            'rounding = "ore" rounds to 0.01, but unit = {unit} says otherwise.',
            'remove unit, or write rounding = "largest_remainder" with the unit the decision gives.',
        ),
    ),
    "grant_rules_with_rate": (
        (
            "En pott med ersättning per enhet (rate) kan inte också ha fast belopp, golv, tak, enhet, "
            'avrundning "each", lottning eller tröskel.',
            "dela upp i två pottar, eller ta bort rate.",
        ),
        (
            "A pool with a rate per unit (rate) cannot also have a fixed amount, minimum, maximum, unit, "
            'rounding "each", ties or a threshold.',
            "split it into two pools, or remove rate.",
        ),
    ),
    "grant_not_multiple_of_unit": (
        (
            '"{key}" = {value} är inte ett helt antal av utbetalningsenheten {unit}: '
            "då kan ingen fördelning i hela enheter gå jämnt upp.",
            "ändra beloppet till en multipel av {unit}, eller ändra unit.",
        ),
        (
            '"{key}" = {value} is not a whole number of the payout unit {unit}: '
            "then no split in whole units can come out even.",
            "change the amount to a multiple of {unit}, or change unit.",
        ),
    ),
    "grant_minimum_above_maximum": (
        (
            "minimum = {minimum} är större än maximum = {maximum}: ingen fördelning uppfyller båda.",
            "rätta minimum eller maximum efter beslutet.",
        ),
        (
            "minimum = {minimum} is larger than maximum = {maximum}: no split satisfies both.",
            "correct minimum or maximum as the decision says.",
        ),
    ),
    "grant_fixed_above_maximum": (
        (
            "fixed = {fixed} är större än maximum = {maximum}: redan det fasta beloppet går över taket.",
            "rätta fixed eller maximum efter beslutet.",
        ),
        (
            "fixed = {fixed} is larger than maximum = {maximum}: the fixed amount alone is above the cap.",
            "correct fixed or maximum as the decision says.",
        ),
    ),
    "grant_lot_without_seed": (
        (
            'ties = "lot" lottar lika rester, och lottningen behöver ett frö (seed) så att den kan göras om.',
            "lägg till seed = ett heltal, till exempel beslutets datum: seed = 20250115",
        ),
        (
            'ties = "lot" draws lots between equal remainders, and the draw needs a seed to be repeatable.',
            "add seed = a whole number, for example the decision's date: seed = 20250115",
        ),
    ),
    "pool_fixed_exceeds": (
        (
            "Potten {pool!r}: {count:n} mottagare × fast belopp {fixed:n} = {needed:n}, mer än potten {amount:n}.",
            "sänk fixed eller höj beloppet i {grant_file} (rad {line}).",
        ),
        (
            "Pool {pool!r}: {count:n} recipients × fixed amount {fixed:n} = {needed:n}, more than the pool {amount:n}.",
            "lower fixed or raise the amount in {grant_file} (line {line}).",
        ),
    ),
    "pool_minimum_exceeds": (
        (
            "Potten {pool!r}: {count:n} mottagare × golvet {minimum:n} = {needed:n}, mer än potten {amount:n}.",
            "sänk minimum eller höj beloppet i {grant_file} (rad {line}).",
        ),
        (
            "Pool {pool!r}: {count:n} recipients × the minimum {minimum:n} = {needed:n}, more than the pool {amount:n}.",
            "lower minimum or raise the amount in {grant_file} (line {line}).",
        ),
    ),
    "pool_maximum_short": (
        (
            "Potten {pool!r}: {count:n} mottagare får högst {maximum:n} var, och då blir {left:n} av potten "
            "{amount:n} kvar som ingen kan ta emot.",
            "höj maximum, sänk beloppet, eller kontrollera vilka som omfattas, i {grant_file} (rad {line}).",
        ),
        (
            "Pool {pool!r}: {count:n} recipients get at most {maximum:n} each, which leaves {left:n} of the pool "
            "{amount:n} that nobody can take.",
            "raise maximum, lower the amount, or check who is eligible, in {grant_file} (line {line}).",
        ),
    ),
    "pool_bounds_infeasible": (
        (
            "Potten {pool!r}: {count:n} mottagare kan inte få mellan {minimum:n} och {maximum:n} var när potten är "
            "{amount:n}: {zeros:n} av dem har nyckeln 0 och får bara golvet, de andra högst taket, så {left:n} "
            "blir kvar som ingen kan ta emot.",
            "höj maximum, sänk beloppet, eller ge dem med nyckeln 0 en nyckel eller låt dem inte omfattas, "
            "i {grant_file} (rad {line}).",
        ),
        (
            "Pool {pool!r}: {count:n} recipients cannot each get between {minimum:n} and {maximum:n} from a pool of "
            "{amount:n}: {zeros:n} of them have the key 0 and get only the minimum, the others at most the "
            "maximum, which leaves {left:n} that nobody can take.",
            "raise maximum, lower the amount, or give those with the key 0 a key or leave them out, "
            "in {grant_file} (line {line}).",
        ),
    ),
    "pool_tie_needs_decision": (
        (
            "Potten {pool!r} behöver ett beslut: {recipients} har lika stora rester, och {units:n} "
            'utbetalningsenheter ({amount:n}) är kvar åt dem, inte nog åt alla (ties = "stop").',
            'fatta beslutet och skriv ties = "order" (tidigare rad först) eller ties = "lot" med seed '
            "i {grant_file} (rad {line}).",
        ),
        (
            "Pool {pool!r} needs a decision: {recipients} have equal remainders, and {units:n} payout units "
            '({amount:n}) are left for them, not enough for all (ties = "stop").',
            'make the decision and write ties = "order" (earlier row first) or ties = "lot" with seed '
            "in {grant_file} (line {line}).",
        ),
    ),
    "pool_key_too_large": (
        (
            "Potten {pool!r}: den totala nyckeln blir {total:n} (som heltal{scaled}), över {limit:n}: "
            "större nycklar kan ett kalkylprogram inte dela exakt.",
            "kontrollera nyckelkolumnen: ett antal per mottagare, högst {limit:n} tillsammans.",
        ),
        (
            "Pool {pool!r}: the total key comes to {total:n} (as an integer{scaled}), above {limit:n}: "
            "a spreadsheet cannot split by larger keys exactly.",
            "check the key column: a count per recipient, at most {limit:n} together.",
        ),
    ),
    "grant_cap_without_rate": (
        (
            "cap gäller bara en pott med ersättning per enhet (rate), och potten har ingen.",
            "lägg till rate = kronor per enhet, eller ta bort raden cap.",
        ),
        (
            "cap applies only to a pool with a rate per unit (rate), and this pool has none.",
            "add rate = kronor per unit, or remove the cap line.",
        ),
    ),
    "grant_table_id_taken": (
        (
            "Tabell-id {value!r} finns redan: en annan [[tables]] eller en inbyggd tabell heter så.",
            'ge tabellen ett eget id, t.ex. id = "befolkning".',
        ),
        (
            "The table id {value!r} is taken: another [[tables]] or a built-in table has it.",
            'give the table an id of its own, e.g. id = "befolkning".',
        ),
    ),
    "grant_duplicate_column": (
        (
            "Kolumnen {value!r} i tabellen {table} har samma id eller rubrik som en annan kolumn i den.",
            "ge varje kolumn ett eget id och en egen rubrik (mottagarens kolumn och id räknas med).",
        ),
        (
            "The column {value!r} of table {table} has the id or heading of another of its columns.",
            "give each column an id and a heading of its own (the recipient's column and id count too).",
        ),
    ),
    "grant_rate_decimal_key": (
        (
            "Potten betalar ett belopp per enhet (rate), men nyckeln {value!r} har decimaler.",
            "välj en nyckel som är ett antal, eller ta bort rate så delas potten efter andel.",
        ),
        (
            "The pool pays a rate per unit (rate), but the key {value!r} has decimals.",
            "choose a key that is a count, or remove rate to share the pool by proportion.",
        ),
    ),
    "grant_weight_without_months": (
        (
            "Tabellen {table} har ingen kolumn för månader att vikta med.",
            "ta bort weight, eller använd en tabell med månader: {allowed}.",
        ),
        ("Table {table} has no months column to weight by.", "remove weight, or use a table with months: {allowed}."),
    ),
    "grant_two_recipient_lists": (
        (
            "Potterna använder flera tabeller som listar mottagarna: {tables}.",
            "låt alla potter i en bidragsfil betala samma slags mottagare (hälsocentraler eller regioner).",
        ),
        (
            "The pools use several tables that list the recipients: {tables}.",
            "let all pools of one grant file pay one kind of recipient (health centres or regions).",
        ),
    ),
    "region_run_needs_register": (
        (
            "Potten {pool!r} betalar bara regiondrivna hälsocentraler, men inget register med driftform är angivet.",
            'lägg till register = "register.xlsx" under [inputs], med en kolumn Driftform (region/privat).',
        ),
        (
            "Pool {pool!r} pays region-run centres only, but no register with operators is named.",
            'add register = "register.xlsx" under [inputs], with an Operator column (region/private).',
        ),
    ),
    "operator_unknown": (
        ("Driftformen {value!r} för {name!r} ({id}) är okänd.", "skriv driftformen i registret som t.ex. {allowed}."),
        (
            "The operator {value!r} of {name!r} ({id}) is not known.",
            "write the operator in the register as e.g. {allowed}.",
        ),
    ),
    "months_over_12": (
        ("Rad {row}: {value} månader är fler än ett år.", "skriv 0–12 månader, eller lämna tomt för hela året."),
        ("Row {row}: {value} months is more than a year.", "write 0–12 months, or leave it empty for the whole year."),
    ),
    "months_total_over_12": (
        (
            "Rad {row}: boendet {home!r} har nu {value} månader sammanlagt, fler än 12.",
            "fördela årets 12 månader mellan hälsocentralerna som hade ansvaret (t.ex. 6 + 6); tomt betyder 12.",
        ),
        (
            "Row {row}: the home {home!r} now has {value} months in all, more than 12.",
            "split the year's 12 months between the centres that held it (e.g. 6 + 6); empty means 12.",
        ),
    ),
    "file_missing": (
        ("Filen finns inte.", "lägg filen i indatamappen eller rätta filnamnet under [inputs] i grant.toml."),
        (
            "The file does not exist.",
            "put the file in the inputs folder or correct its name under [inputs] in grant.toml.",
        ),
    ),
    "file_legacy_or_encrypted": (
        (
            "Filen är en gammal .xls-fil eller en lösenordsskyddad arbetsbok.",
            "öppna den i Excel, ta bort lösenordet och spara som Excel-arbetsbok (.xlsx).",
        ),
        (
            "The file is a legacy .xls file or a password-protected workbook.",
            "open it in Excel, remove the password and save as Excel Workbook (.xlsx).",
        ),
    ),
    "file_not_spreadsheet": (
        (
            "Filen ({suffix}) är inte en Excel-arbetsbok (.xlsx) eller CSV-fil.",
            "spara filen som .xlsx eller .csv och ange det namnet i grant.toml.",
        ),
        (
            "The file ({suffix}) is not an Excel workbook (.xlsx) or CSV file.",
            "save it as .xlsx or .csv and give that name in grant.toml.",
        ),
    ),
    "file_unreadable": (
        (
            "Filen går inte att läsa som arbetsbok ({detail}); den kan vara skadad.",
            "öppna den i Excel och spara den på nytt som .xlsx.",
        ),
        (
            "The file cannot be read as a workbook ({detail}); it may be damaged.",
            "open it in Excel and save it again as .xlsx.",
        ),
    ),
    "no_visible_sheet": (
        ("Arbetsboken har inget synligt blad.", "visa bladet med uppgifterna eller lägg dem på ett synligt blad."),
        ("The workbook has no visible sheet.", "unhide the sheet with the data or put it on a visible sheet."),
    ),
    "header_not_found": (
        (
            "Hittade ingen rubrikrad bland de första {rows} raderna.",
            "lägg en rubrikrad med {expected} ovanför uppgifterna.",
        ),
        ("No header row found in the first {rows} rows.", "put a header row with {expected} above the data."),
    ),
    "missing_columns": (
        (
            "Rubrikraden saknar {missing}. Hittade rubriker: {found}.",
            "lägg till kolumnen eller byt namn på en befintlig rubrik till {missing}.",
        ),
        (
            "The header row lacks {missing}. Headings found: {found}.",
            "add the column or rename an existing heading to {missing}.",
        ),
    ),
    "summary_row_skipped": (
        (
            'Summeringsraden "{label}" lästes inte som en @noun@.',
            "inget behöver göras; ta bort raden om den inte är en summering.",
        ),
        (
            'The summary row "{label}" was not read as a @noun@.',
            "nothing to do; remove the row if it is not a total.",
        ),
    ),
    "personal_id": (
        (
            "Cellen ser ut att innehålla ett personnummer eller samordningsnummer. Filerna får bara "
            "innehålla summerade antal.",
            "ta bort personuppgifterna ur filen och spara den igen.",
        ),
        (
            "The cell seems to hold a Swedish personal identity number. The files may hold only aggregated counts.",
            "remove the personal data from the file and save it again.",
        ),
    ),
    "count_missing": (
        ('Antalet under "{heading}" saknas.', "skriv ett antal (0 om det inte finns några)."),
        ('The count under "{heading}" is missing.', "enter a count (0 if there are none)."),
    ),
    "count_not_a_number": (
        ('{value} under "{heading}" är inte ett tal.', "skriv antalet med siffror, t.ex. 1 204."),
        ('{value} under "{heading}" is not a number.', "write the count in digits, e.g. 1 204."),
    ),
    "count_fractional": (
        ('{value} under "{heading}" är inte ett helt tal.', "skriv ett helt antal utan decimaler."),
        ('{value} under "{heading}" is not a whole number.', "enter a whole count without decimals."),
    ),
    "count_negative": (
        ('{value} under "{heading}" är negativt.', "skriv ett antal som är 0 eller större."),
        ('{value} under "{heading}" is negative.', "enter a count of 0 or more."),
    ),
    "decimal_missing": (
        ('Talet under "{heading}" saknas.', "skriv ett tal (0 om det är noll)."),
        ('The number under "{heading}" is missing.', "enter a number (0 if it is zero)."),
    ),
    "decimal_not_a_number": (
        ('{value} under "{heading}" är inte ett tal.', "skriv talet med siffror och decimalkomma, t.ex. 13,04061."),
        (
            '{value} under "{heading}" is not a number.',
            "write the number in digits with a decimal sign, e.g. 13.04061.",
        ),
    ),
    "decimal_too_many": (
        (
            '{value} under "{heading}" har fler än {limit} decimaler; grantsheet räknar exakt med högst {limit}.',
            "avrunda talet till högst {limit} decimaler i filen, så som beslutet anger det.",
        ),
        (
            '{value} under "{heading}" has more than {limit} decimals; grantsheet computes exactly with at most {limit}.',
            "round the number to at most {limit} decimals in the file, as the decision states it.",
        ),
    ),
    "decimal_negative": (
        ('{value} under "{heading}" är negativt.', "skriv ett tal som är 0 eller större."),
        ('{value} under "{heading}" is negative.', "enter a number of 0 or more."),
    ),
    "decimal_too_large": (
        (
            '{value} under "{heading}" är större än {largest}, den största nyckel som räknas exakt.',
            "kontrollera talet: skriv nyckeln, inte t.ex. ett id eller ett belopp.",
        ),
        (
            '{value} under "{heading}" is larger than {largest}, the largest key computed exactly.',
            "check the number: enter the key, not e.g. an id or an amount.",
        ),
    ),
    "date_invalid": (
        ('{value} under "{heading}" är inte ett datum.', "skriv datumet som ÅÅÅÅ-MM-DD eller lämna cellen tom."),
        ('{value} under "{heading}" is not a date.', "write the date as YYYY-MM-DD or leave the cell empty."),
    ),
    "value_missing": (
        ('Värdet under "{heading}" saknas.', "fyll i cellen eller ta bort raden."),
        ('The value under "{heading}" is missing.', "fill in the cell or delete the row."),
    ),
    "duplicate_id": (
        ("Id {value!r} finns redan på rad {first}.", "ge varje @noun@ ett eget id."),
        ("Id {value!r} already appears on row {first}.", "give each @noun@ its own id."),
    ),
    "form_names_disagree": (
        (
            "Blankettens definierade namn pekar fel ({names}): de stämmer inte med filens id eller "
            "blankettens form. Uppgifterna lästes vid blankettens rubriker i stället.",
            "kontrollera uppgifterna med den som skickade filen; skicka en ny blankett om något saknas.",
        ),
        (
            "The form's defined names point elsewhere ({names}): they disagree with the file's id or "
            "the form's shape. Its entries were read by the form's headings instead.",
            "check the entries with whoever sent the file; send a new form if anything is missing.",
        ),
    ),
    "saved_in_the_future": (
        (
            "Filen säger att den sparades {saved} (UTC), senare än nu: datorns klocka gick fel eller "
            "datumet är ändrat. Den räknas som sparad vid okänd tid och vinner aldrig en konflikt av "
            "det skälet.",
            "kontrollera uppgifterna i filen med den som skickade den; en konflikt med en annan fil "
            "står i listan över konflikter.",
        ),
        (
            "The file says it was saved {saved} (UTC), later than now: the computer's clock was wrong "
            "or the date was changed. It counts as saved at no known time and never wins a conflict "
            "for that reason.",
            "check its entries with whoever sent it; a conflict with another file is in the list of conflicts.",
        ),
    ),
    "confusable_name": (
        (
            "{name!r} ser ut som {twin!r} på rad {first} men är skrivet med andra tecken (till exempel "
            "en kyrillisk eller grekisk bokstav som ser latinsk ut): två @nouns@ som inte går att "
            "skilja åt på skärmen eller i brevet.",
            "skriv namnet med latinska bokstäver (skriv om det för hand i stället för att klistra in), "
            "eller ta bort raden om den inte är en egen @noun@.",
        ),
        (
            "{name!r} looks like {twin!r} on row {first} but is written with other characters (a "
            "Cyrillic or Greek letter that looks Latin, for instance): two @nouns@ nobody can tell "
            "apart on screen or in the letter.",
            "write the name in Latin letters (type it rather than paste it), or remove the row if it is "
            "no @noun@ of its own.",
        ),
    ),
    "same_name_other_id": (
        (
            "{name!r} (id {id}) har samma namn som {first_name!r} på rad {first} (id {first_id}) så när som på stora och små bokstäver eller mellanslag; id:na säger att det är två @nouns@, men de andra indatafilerna hittar @nouns@ på namnet och kan inte skilja dem åt.",
            "ge @nounerna@ namn som skiljer sig åt i mer än stora och små bokstäver, eller rätta id:t om det är samma @noun@.",
        ),
        (
            "{name!r} (id {id}) has the same name as {first_name!r} on row {first} (id {first_id}) but for upper and lower case or spacing; the ids say they are two @nouns@, but the other input files find @nouns@ by name and cannot tell them apart.",
            "give the @nouns@ names that differ in more than case, or correct the id if they are the same @noun@.",
        ),
    ),
    "duplicate_centre_same": (
        (
            "{name!r} står två gånger med samma antal (först på rad {first}); raden räknas en gång.",
            "ta bort den ena raden.",
        ),
        ("{name!r} appears twice with the same count (first on row {first}); counted once.", "delete one of the rows."),
    ),
    "duplicate_centre": (
        (
            "{name!r} står två gånger med olika antal: {first_value} på rad {first} och {value} här.",
            "behåll en rad med det rätta antalet.",
        ),
        (
            "{name!r} appears twice with different counts: {first_value} on row {first} and {value} here.",
            "keep one row with the right count.",
        ),
    ),
    "unknown_centre_id": (
        ("Id {value!r} finns inte i listan över @nouns@.", "rätta id:t så att det finns i listningsfilen."),
        ("Id {value!r} is not in the list of @nouns@.", "correct the id so it is in the listing file."),
    ),
    "unknown_centre": (
        (
            "@Nounen@ {name!r} finns inte i listningsfilen. Menade du {suggestion!r}?",
            "skriv namnet som i listningsfilen: {suggestion!r}.",
        ),
        (
            "The @noun@ {name!r} is not in the listing file. Did you mean {suggestion!r}?",
            "spell the name as in the listing file: {suggestion!r}.",
        ),
    ),
    "unknown_centre_no_match": (
        (
            "@Nounen@ {name!r} finns inte i listningsfilen.",
            "lägg till @nounen@ i listningsfilen eller rätta namnet.",
        ),
        (
            "The @noun@ {name!r} is not in the listing file.",
            "add the @noun@ to the listing file or correct the name.",
        ),
    ),
    "zero_total_key": (
        (
            'Den totala nyckeln för potten "{pool}" är 0: det finns inget att fördela efter.',
            "fyll i antalen i filen, eller ändra potten i {grant_file} (rad {line}).",
        ),
        (
            'The total key of the pool "{pool}" is 0: there is nothing to split by.',
            "fill in the counts in the file, or change the pool in {grant_file} (line {line}).",
        ),
    ),
    # Follow-up cycle: regeneration, collect, verify
    "form_not_found": (
        (
            "Återrapporteringsformuläret i {file} gick inte att hitta, varken genom dess fält-id eller "
            "dess rubriker, så inget i det har lästs; dess tidigare uppgifter finns kvar i {kept}.",
            "öppna filen och se efter att formulärets blad, rubrikrad och kolumn med "
            "@noun@-id finns kvar; skriv in uppgifterna i den nya filen, eller ta tillbaka "
            "formuläret från {kept} och kör igen.",
        ),
        (
            "The follow-up form in {file} could not be found, by its field ids or by its headers, "
            "so nothing in it was read; its earlier entries are kept in {kept}.",
            "open the file and check that the form's sheet, header row and @noun@ id column are "
            "still there; enter the entries in the new file, or bring the form back from {kept} "
            "and run again.",
        ),
    ),
    "base_unreadable": (
        (
            "Den sparade basen för återrapporteringen går inte att läsa ({detail}). Inget skrevs.",
            "ersätt den med kopian i den senaste arkivmappen, eller ta bort den: då jämförs "
            "filerna som innan basen fanns, och ett tömt värde kan komma tillbaka.",
        ),
        (
            "The recorded base of the follow-up cannot be read ({detail}). Nothing was written.",
            "replace it with the copy in the latest archive folder, or delete it: the files are then "
            "compared as before there was a base, and a cleared value may come back.",
        ),
    ),
    "base_too_large": (
        (
            "Den sparade basen för återrapporteringen är {size}, mer än gränsen {limit}, så den läses inte. "
            "Inget skrevs.",
            "ersätt den med kopian i den senaste arkivmappen, eller ta bort den: då jämförs "
            "filerna som innan basen fanns, och ett tömt värde kan komma tillbaka.",
        ),
        (
            "The recorded base of the follow-up is {size}, more than the {limit} limit, so it is not read. "
            "Nothing was written.",
            "replace it with the copy in the latest archive folder, or delete it: the files are then "
            "compared as before there was a base, and a cleared value may come back.",
        ),
    ),
    "output_unreadable": (
        (
            "Filen från förra körningen går inte att läsa ({detail}); den kan vara skadad. "
            "Inget skrevs, så inget som har skrivits in i den går förlorat.",
            "öppna den i Excel och spara den på nytt som .xlsx, eller ersätt den med "
            "kopian i den senaste arkivmappen och för in ändringarna igen. Är det inte "
            "en av grantsheets filer: flytta den ur mappen.",
        ),
        (
            "The file from the previous run cannot be read ({detail}); it may be damaged. "
            "Nothing was written, so nothing typed into it is lost.",
            "open it in Excel and save it again as .xlsx, or replace it with the copy in the "
            "latest archive folder and enter the changes again. If it is not one of "
            "grantsheet's files, move it out of the folder.",
        ),
    ),
    "output_too_large": (
        (
            "Filen från förra körningen är {size}, mer än gränsen {limit} för en "
            "återrapporteringsfil, så den läses inte. Inget skrevs, så inget som har skrivits "
            "in i den går förlorat.",
            "en utbetalningsfil är normalt runt 10 kB: ersätt den med kopian i den senaste "
            "arkivmappen och för in ändringarna igen. Är det inte en av grantsheets filer: "
            "flytta den ur mappen.",
        ),
        (
            "The file from the previous run is {size}, more than the {limit} limit for a "
            "follow-up file, so it is not read. Nothing was written, so nothing typed into it "
            "is lost.",
            "a payout file is normally about 10 kB: replace it with the copy in the latest "
            "archive folder and enter the changes again. If it is not one of grantsheet's "
            "files, move it out of the folder.",
        ),
    ),
    "return_unreadable": (
        (
            "Den returnerade filen går inte att läsa ({detail}); den kan vara skadad eller "
            "inte vara en Excel-arbetsbok.",
            "be @nounen@ skicka filen igen, sparad som .xlsx i Excel, eller flytta "
            "den ur mappen med returer och kör igen.",
        ),
        (
            "The returned file cannot be read ({detail}); it may be damaged or not be an Excel workbook.",
            "ask the @noun@ to send the file again, saved as .xlsx in Excel, or move it out "
            "of the returns folder and run again.",
        ),
    ),
    "return_too_large": (
        (
            "Den returnerade filen är {size}, mer än gränsen {limit} för en återrapporteringsfil, så den läses inte.",
            "en utbetalningsfil är normalt runt 10 kB: be @nounen@ skicka bara den "
            "ifyllda filen de fick (utan inklistrade bilder eller data), eller flytta den "
            "ur mappen med returer och kör igen.",
        ),
        (
            "The returned file is {size}, more than the {limit} limit for a follow-up file, so it is not read.",
            "a payout file is normally about 10 kB: ask the @noun@ to send only the filled-in "
            "file they received (without pasted images or data), or move it out of the "
            "returns folder and run again.",
        ),
    ),
    "master_unreadable": (
        (
            "Huvudarbetsboken går inte att läsa ({detail}); den kan vara skadad, eller vara "
            "en annan fil än den grantsheet skrev.",
            "ange huvudarbetsboken grantsheet-ÅR.xlsx från utdatamappen med --master, eller "
            "ta kopian i den senaste arkivmappen.",
        ),
        (
            "The master workbook cannot be read ({detail}); it may be damaged, or be another "
            "file than the one grantsheet wrote.",
            "give --master the master workbook grantsheet-YEAR.xlsx from the outputs folder, "
            "or take the copy in the latest archive folder.",
        ),
    ),
    "master_too_large": (
        (
            "Huvudarbetsboken är {size}, mer än gränsen {limit}, så den läses inte.",
            "ange huvudarbetsboken grantsheet-ÅR.xlsx från utdatamappen med --master, eller ta kopian i den "
            "senaste arkivmappen.",
        ),
        (
            "The master workbook is {size}, more than the {limit} limit, so it is not read.",
            "give --master the master workbook grantsheet-YEAR.xlsx from the outputs folder, or take the copy "
            "in the latest archive folder.",
        ),
    ),
    "master_not_master": (
        (
            "Filen är inte en huvudarbetsbok som grantsheet skrev (den saknar grantsheets "
            "dokumentegenskaper för en huvudarbetsbok).",
            "ange huvudarbetsboken grantsheet-ÅR.xlsx från utdatamappen med --master; "
            "@nounernas@ filer anges som returer.",
        ),
        (
            "The file is not a master workbook written by grantsheet (it lacks grantsheet's "
            "document properties of a master).",
            "give --master the master workbook grantsheet-YEAR.xlsx from the outputs folder; "
            "the @nouns@' files are given as returns.",
        ),
    ),
    "format_newer": (
        (
            "Filen skrevs av grantsheet {version} (filformat {found}); det här är grantsheet {ours}, "
            "som läser format upp till {readable}.",
            "uppdatera grantsheet (pip install --upgrade grantsheet) och kör igen; filen är hel.",
        ),
        (
            "The file was written by grantsheet {version} (file format {found}); this is grantsheet {ours}, "
            "which reads formats up to {readable}.",
            "update grantsheet (pip install --upgrade grantsheet) and run again; the file is fine.",
        ),
    ),
    "verify_unreadable": (
        (
            "Filen går inte att läsa ({detail}); den kan vara skadad, inte vara en "
            "Excel-arbetsbok, eller sakna en del som grantsheet skrev. Den granskades inte.",
            "be avsändaren om filen igen, eller öppna den i Excel, spara den på nytt som .xlsx och granska den kopian.",
        ),
        (
            "The file cannot be read ({detail}); it may be damaged, not be an Excel workbook, "
            "or lack a part grantsheet wrote. It was not verified.",
            "ask the sender for the file again, or open it in Excel, save it again as .xlsx and verify that copy.",
        ),
    ),
    "verify_too_large": (
        (
            "Filen är {size}, mer än gränsen {limit}, så den granskades inte.",
            "be avsändaren om filen igen; en arbetsbok från grantsheet är mindre än så.",
        ),
        (
            "The file is {size}, more than the {limit} limit, so it was not verified.",
            "ask the sender for the file again; a workbook grantsheet wrote is smaller than that.",
        ),
    ),
    "signing_key_in_workspace": (
        (
            "Signeringsnyckeln ligger i arbetsytan ({folder}): den som kan ändra utdata kan då också signera.",
            "flytta nyckeln utanför inputs/ och outputs/ (t.ex. till din konfigurationsmapp) och ange den med --key eller GRANTSHEET_SIGNING_KEY.",
        ),
        (
            "The signing key lies in the workspace ({folder}): whoever can edit the outputs can then sign too.",
            "move the key outside inputs/ and outputs/ (e.g. to your configuration folder) and give it with --key or GRANTSHEET_SIGNING_KEY.",
        ),
    ),
    "signing_key_unreadable": (
        (
            "Signeringsnyckeln kan inte läsas som en Ed25519-nyckel i PEM ({detail}).",
            "ange regionens privata nyckel (PEM, okrypterad) med --key eller GRANTSHEET_SIGNING_KEY, eller ta bort inställningen så skapas en egen nyckel i din konfigurationsmapp.",
        ),
        (
            "The signing key cannot be read as an Ed25519 key in PEM ({detail}).",
            "give the region's private key (PEM, unencrypted) with --key or GRANTSHEET_SIGNING_KEY, or drop the setting and a key of your own is made in your configuration folder.",
        ),
    ),
    "scenario_no_build": (
        (
            "Det finns ingen byggd huvudarbetsbok att jämföra scenariot med.",
            "kör grantsheet build först, eller ange den arbetsbok scenariot ska jämföras med.",
        ),
        (
            "There is no built master workbook to compare the scenario with.",
            "run grantsheet build first, or give the workbook the scenario is to be compared with.",
        ),
    ),
    "input_file_open": (
        (
            "Filen är öppen i Excel eller LibreOffice (låsfilen {lock} finns): ändringar som inte är "
            "sparade skulle inte komma med, så inget byggdes.",
            "spara och stäng filen och bygg igen. Finns ingen som har den öppen: ta bort låsfilen {lock}.",
        ),
        (
            "The file is open in Excel or LibreOffice (the lock file {lock} exists): changes not saved "
            "yet would be left out, so nothing was built.",
            "save and close the file and build again. If nobody has it open, delete the lock file {lock}.",
        ),
    ),
    "output_file_open": (
        (
            "Filen är öppen i Excel eller LibreOffice (låsfilen {lock} finns); inget skrevs.",
            "stäng filen och kör igen. Finns ingen som har den öppen: ta bort låsfilen {lock}.",
        ),
        (
            "The file is open in Excel or LibreOffice (the lock file {lock} exists); nothing was written.",
            "close the file and run again. If nobody has it open, delete the lock file {lock}.",
        ),
    ),
    # Hostile and messy input (issue 4): file kinds, bounds, sheets, rows, cells, register
    "file_empty": (
        ("Filen är tom (0 byte).", "spara uppgifterna i filen igen, eller ange rätt fil under [inputs] i grant.toml."),
        (
            "The file is empty (0 bytes).",
            "save the data into the file again, or name the right file under [inputs] in grant.toml.",
        ),
    ),
    "file_too_large": (
        (
            "Filen är {size}, mer än gränsen {limit} för en indatafil.",
            "spara bara tabellen i en ny arbetsbok; indata ska vara summerade antal, inte rådata.",
        ),
        (
            "The file is {size}, more than the {limit} limit for an input file.",
            "save only the table in a new workbook; inputs hold aggregated counts, not raw data.",
        ),
    ),
    "file_encrypted": (
        (
            "Arbetsboken är lösenordsskyddad (krypterad) och kan inte läsas.",
            "öppna den i Excel, ta bort lösenordet (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm fältet) och spara.",
        ),
        (
            "The workbook is password-protected (encrypted) and cannot be read.",
            "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save.",
        ),
    ),
    "file_legacy_xls": (
        (
            "Filen är i det gamla Excel-formatet .xls (Excel 97–2003), som grantsheet inte läser.",
            "öppna den i Excel eller LibreOffice, spara den som Excel-arbetsbok (.xlsx) och använd "
            "den filen i stället för denna.",
        ),
        (
            "The file is in the legacy Excel format .xls (Excel 97–2003), which grantsheet does not read.",
            "open it in Excel or LibreOffice, save it as Excel Workbook (.xlsx) and use that file instead of this one.",
        ),
    ),
    # Files in a returns folder or an outputs folder (grantsheet.gather): none is skipped unnamed.
    "gather_not_workbook": (
        (
            "Filen ({suffix}) är ingen arbetsbok och lästes inte.",
            "inget behöver göras om den inte är en återrapportering. En återrapportering är den "
            ".xlsx-fil @nounen@ fick, ifylld (sparad som .xlsx eller .ods).",
        ),
        (
            "The file ({suffix}) is not a workbook and was not read.",
            "nothing to do if it is not a returned form. A returned form is the .xlsx file the "
            "centre received, filled in (saved as .xlsx or .ods).",
        ),
    ),
    "collect_grant_other": (
        (
            "Bidragsfilen hör till ett annat bidrag eller år ({year}) än huvudarbetsboken; "
            "dess beslut, organisation och återbetalning användes inte i sammanställningen.",
            "ange med --inputs mappen med huvudarbetsbokens bidragsfil.",
        ),
        (
            "The grant file belongs to another grant or year ({year}) than the master workbook; "
            "its decision, organisation and repayment were not used in the summary.",
            "give --inputs the folder with the master workbook's grant file.",
        ),
    ),
    "gather_not_grantsheet": (
        (
            "Arbetsboken är inte skriven av grantsheet (den saknar grantsheets dokumentegenskaper) och lästes inte.",
            "inget behöver göras om den inte är en återrapportering. Har en @noun@ fyllt i "
            "en egen arbetsbok: be den fylla i filen den fick, där dess id finns sparat.",
        ),
        (
            "The workbook was not written by grantsheet (it lacks grantsheet's document properties) and was not read.",
            "nothing to do if it is not a returned form. If a @noun@ filled in a workbook of its "
            "own, ask it to fill in the file it received, which stores its id.",
        ),
    ),
    "gather_hidden_file": (
        (
            "Den dolda filen {name} lästes inte: den är en rest av en körning som avbröts medan den "
            "skrev, eller en Macs kopia (._), ingen inskickad blankett.",
            "ta bort filen {name}; den behövs inte.",
        ),
        (
            "The hidden file {name} was not read: it is left by a run stopped while it wrote, or a "
            "Mac's copy (._), not a returned form.",
            "delete the file {name}; it is not needed.",
        ),
    ),
    "gather_lock_file": (
        (
            "Låsfilen {name} betyder att arbetsboken är öppen i Excel eller LibreOffice; det som "
            "senast sparades i den lästes.",
            "spara och stäng arbetsboken och kör igen, så läses också det som skrivits sedan dess.",
        ),
        (
            "The lock file {name} means the workbook is open in Excel or LibreOffice; what was "
            "last saved in it was read.",
            "save and close the workbook and run again to read what was typed since.",
        ),
    ),
    "gather_archive_skipped": (
        (
            "Arkivmappen innehåller tidigare körningars filer och lästes inte.",
            "inget behöver göras. Ska en fil därifrån med: ange filen själv.",
        ),
        (
            "The archive folder holds earlier builds' files and was not read.",
            "nothing to do. To collect a file from it, give the file itself.",
        ),
    ),
    "ods_no_libreoffice": (
        (
            "Filen är ett OpenDocument-kalkylblad (.ods), och LibreOffice, som grantsheet läser "
            "sådana med, hittades inte på den här datorn (sökte i: {looked}).",
            "öppna den i LibreOffice eller Excel och spara den som Excel-arbetsbok (.xlsx), eller "
            "installera LibreOffice och kör igen.",
        ),
        (
            "The file is an OpenDocument spreadsheet (.ods), and LibreOffice, which grantsheet "
            "reads those with, was not found on this computer (looked in: {looked}).",
            "open it in LibreOffice or Excel and save it as Excel Workbook (.xlsx), or install "
            "LibreOffice and run again.",
        ),
    ),
    "ods_unconvertible": (
        (
            "Filen är ett OpenDocument-kalkylblad (.ods) som LibreOffice inte kunde öppna ({detail}).",
            "öppna den i LibreOffice och spara den som Excel-arbetsbok (.xlsx); går den inte att "
            "öppna, be om filen igen.",
        ),
        (
            "The file is an OpenDocument spreadsheet (.ods) that LibreOffice could not open ({detail}).",
            "open it in LibreOffice and save it as Excel Workbook (.xlsx); if it does not open, ask for the file again.",
        ),
    ),
    "file_ods": (
        (
            "Filen är ett OpenDocument-kalkylblad (.ods).",
            "öppna den i LibreOffice eller Excel och spara den som Excel-arbetsbok (.xlsx).",
        ),
        (
            "The file is an OpenDocument spreadsheet (.ods).",
            "open it in LibreOffice or Excel and save it as Excel Workbook (.xlsx).",
        ),
    ),
    "file_xlsb": (
        ("Filen är en binär Excel-arbetsbok (.xlsb).", "öppna den i Excel och spara den som Excel-arbetsbok (.xlsx)."),
        ("The file is a binary Excel workbook (.xlsb).", "open it in Excel and save it as Excel Workbook (.xlsx)."),
    ),
    "file_web_page": (
        (
            "Filen heter {suffix} men är en webbsida (HTML) eller XML, inte en arbetsbok; många system exporterar så.",
            "öppna den i Excel och spara den som Excel-arbetsbok (.xlsx).",
        ),
        (
            "The file is named {suffix} but is a web page (HTML) or XML, not a workbook; many systems export this way.",
            "open it in Excel and save it as Excel Workbook (.xlsx).",
        ),
    ),
    "file_text_misnamed": (
        (
            "Filen heter {suffix} men innehåller vanlig text (kanske CSV), inte en arbetsbok.",
            "byt filändelsen till .csv (här och i grant.toml), eller öppna den i Excel och spara som .xlsx.",
        ),
        (
            "The file is named {suffix} but holds plain text (perhaps CSV), not a workbook.",
            "rename it to .csv (here and in grant.toml), or open it in Excel and save it as .xlsx.",
        ),
    ),
    "file_corrupt": (
        (
            "Filen är skadad ({detail}) och går inte att läsa som arbetsbok.",
            "be om en ny kopia av filen, eller öppna den i Excel och spara den på nytt.",
        ),
        (
            "The file is damaged ({detail}) and cannot be read as a workbook.",
            "ask for a new copy of the file, or open it in Excel and save it again.",
        ),
    ),
    "file_unpacks_too_large": (
        (
            "Filen packas upp till {size} i {members} delar, mer än gränsen {limit}; den kan vara en så kallad zip-bomb.",
            "kontrollera var filen kommer ifrån; spara bara tabellen i en ny arbetsbok.",
        ),
        (
            "The file unpacks to {size} in {members} parts, more than the {limit} limit; it may be a so-called zip bomb.",
            "check where the file came from; save only the table in a new workbook.",
        ),
    ),
    "file_part_too_large": (
        (
            "En del av filen ({part}) packas upp till {size}, mer än gränsen {limit} för en del; den kan vara en så kallad zip-bomb.",
            "kontrollera var filen kommer ifrån; spara bara tabellen i en ny arbetsbok.",
        ),
        (
            "A part of the file ({part}) unpacks to {size}, more than the {limit} limit for one part; it may be a so-called zip bomb.",
            "check where the file came from; save only the table in a new workbook.",
        ),
    ),
    "file_too_many_parts": (
        (
            "Filen består av {members} delar, fler än gränsen {limit}; den kan vara en så kallad zip-bomb.",
            "kontrollera var filen kommer ifrån; spara bara tabellen i en ny arbetsbok.",
        ),
        (
            "The file consists of {members} parts, more than the {limit} limit; it may be a so-called zip bomb.",
            "check where the file came from; save only the table in a new workbook.",
        ),
    ),
    "form_unpacks_too_large": (
        (
            "Blanketten packas upp till {size}, mer än gränsen {limit} för en blankett (en blankett är omkring 0,1 MiB); den lästes inte.",
            "be @nounen@ om en ny kopia av sin fil, eller ta bort det som lagts till utanför blanketten och spara.",
        ),
        (
            "The form unpacks to {size}, more than the {limit} limit for a @noun@'s form (a form is about 0.1 MiB); it was not read.",
            "ask the @noun@ for a new copy of its file, or delete what was added outside the form and save.",
        ),
    ),
    "sheet_too_many_rows": (
        (
            'Bladet "{sheet}" har fler än {limit} rader; en blankett har några tiotal. Filen lästes inte vidare och inget från den fördes över.',
            "ta bort raderna under blanketten (markera dem, Ta bort rader) och spara, eller be @nounen@ om en ny kopia.",
        ),
        (
            'The sheet "{sheet}" has more than {limit} rows; a form has a few dozen. The file was not read further and nothing from it was carried.',
            "delete the rows below the form (select them, Delete rows) and save, or ask the @noun@ for a new copy.",
        ),
    ),
    "cell_text_too_long": (
        (
            'Cellen {cell} på bladet "{sheet}" har {length} tecken, mer än de {limit} en cell i Excel rymmer; filen lästes inte.',
            "korta texten i cellen och spara filen.",
        ),
        (
            'The cell {cell} on sheet "{sheet}" holds {length} characters, more than the {limit} a cell in Excel holds; the file was not read.',
            "shorten the text in the cell and save the file.",
        ),
    ),
    "file_xml_dtd": (
        (
            "Filen innehåller en XML-dokumenttypdeklaration (i {member}), något ett kalkylprogram aldrig skriver; den kan vara skadlig.",
            "läs inte in filen; be avsändaren om en ny export, eller kopiera tabellen till en ny arbetsbok.",
        ),
        (
            "The file holds an XML document type declaration (in {member}), which no spreadsheet program writes; it may be malicious.",
            "do not use the file; ask the sender for a new export, or copy the table into a new workbook.",
        ),
    ),
    "file_xml_token_too_large": (
        (
            "En del av filen ({member}) har ett enda värde större än {limit}; så stora celler finns inte i ett kalkylblad.",
            "kontrollera filen; kopiera tabellen till en ny arbetsbok.",
        ),
        (
            "A part of the file ({member}) holds a single value larger than {limit}; no spreadsheet cell is that large.",
            "check the file; copy the table into a new workbook.",
        ),
    ),
    "personal_id_sheet_name": (
        (
            "Ett bladnamn ser ut att innehålla ett personnummer eller samordningsnummer.",
            "byt namn på bladet så att personuppgifterna försvinner och spara filen.",
        ),
        (
            "A sheet name seems to hold a Swedish personal identity number.",
            "rename the sheet so the personal data is gone, and save the file.",
        ),
    ),
    "several_tables": (
        (
            "Tabellen finns på flera blad: {sheets}; det är oklart vilket som gäller.",
            "behåll tabellen på ett blad, eller döp bladet som ska läsas till {expected}.",
        ),
        (
            "The table is on several sheets: {sheets}; it is unclear which one counts.",
            "keep the table on one sheet, or name the sheet to read {expected}.",
        ),
    ),
    "hidden_sheet_ignored": (
        (
            'Bladet är dolt och lästes inte, fast det har samma slags tabell; uppgifterna lästes från bladet "{sheet}".',
            'inget behöver göras om "{sheet}" är rätt blad; ta annars bort det dolda bladet.',
        ),
        (
            'The sheet is hidden and was not read, although it holds the same kind of table; the data was read from sheet "{sheet}".',
            'nothing to do if "{sheet}" is the right sheet; otherwise delete the hidden sheet.',
        ),
    ),
    "sheet_hidden": (
        (
            "Tabellen finns bara på ett dolt blad; uppgifter läses aldrig från dolda blad.",
            "visa bladet (högerklicka på en bladflik > Ta fram) och spara filen.",
        ),
        (
            "The table is only on a hidden sheet; data is never read from hidden sheets.",
            "unhide the sheet (right-click a sheet tab > Unhide) and save the file.",
        ),
    ),
    "workbook_empty": (
        (
            "Arbetsboken är tom: inget blad har något innehåll.",
            "fyll i tabellen (se mallarna i templates/) eller ange rätt fil under [inputs] i grant.toml.",
        ),
        (
            "The workbook is empty: no sheet holds anything.",
            "fill in the table (see the blank workbooks in templates/) or name the right file under [inputs] in grant.toml.",
        ),
    ),
    "header_not_found_in": (
        ("Bladen som söktes: {sheets}.", "lägg tabellen med sin rubrikrad överst på ett av bladen."),
        ("The sheets searched: {sheets}.", "put the table with its header row at the top of one of the sheets."),
    ),
    "rows_hidden": (
        (
            "Rader med uppgifter är dolda: rad {rows} ({count} st.). Dolda rader läses inte, och att hoppa över dem utan att säga det kunde ge fel belopp.",
            "visa alla rader (markera bladet, högerklicka på en radrubrik > Ta fram), ta bort de rader som inte ska räknas och spara.",
        ),
        (
            "Rows with data are hidden: row {rows} ({count} in all). Hidden rows are not read, and skipping them silently could give wrong amounts.",
            "unhide all rows (select the sheet, right-click a row heading > Unhide), delete the rows that should not count, and save.",
        ),
    ),
    "rows_filtered": (
        (
            "Rader med uppgifter är bortfiltrerade: rad {rows} ({count} st.). Dolda rader läses inte, och att hoppa över dem utan att säga det kunde ge fel belopp.",
            "rensa filtret (Data > Rensa), ta bort de rader som inte ska räknas och spara.",
        ),
        (
            "Rows with data are filtered out: row {rows} ({count} in all). Hidden rows are not read, and skipping them silently could give wrong amounts.",
            "clear the filter (Data > Clear), delete the rows that should not count, and save.",
        ),
    ),
    "merged_cells": (
        (
            "Sammanfogade celler ligger över uppgifterna; bara den första cellen har ett värde, så det är oklart vad de andra cellerna ska ha.",
            "ta bort sammanfogningen (Start > Koppla och centrera) och skriv värdet i varje cell.",
        ),
        (
            "Merged cells lie over the data; only the first cell holds a value, so it is unclear what the others should hold.",
            "unmerge the cells (Home > Merge & Center) and enter the value in every cell.",
        ),
    ),
    "merged_cells_filled": (
        (
            'Sammanfogade celler under "{heading}": värdet i den första cellen lästes för varje rad i området.',
            "inget behöver göras om det stämmer; ta annars bort sammanfogningen och fyll i varje rad.",
        ),
        (
            'Merged cells under "{heading}": the first cell\'s value was read for every row of the range.',
            "nothing to do if that is right; otherwise unmerge the cells and fill in every row.",
        ),
    ),
    "formula_no_value": (
        (
            "Cellen har en formel men inget beräknat värde (filen skapades av ett program som inte räknar); den läses inte som 0.",
            "öppna filen i Excel eller LibreOffice, låt den räknas om och spara; eller skriv in talet.",
        ),
        (
            "The cell holds a formula but no calculated value (the file was made by a program that does not calculate); it is not read as 0.",
            "open the file in Excel or LibreOffice, let it recalculate and save; or type in the number.",
        ),
    ),
    "formula_not_calculated": (
        (
            "Cellen har en formel vars sparade värde aldrig räknats fram av ett kalkylprogram (filen ber om omräkning när den öppnas).",
            "öppna filen i Excel eller LibreOffice, låt den räknas om och spara; eller skriv in talet.",
        ),
        (
            "The cell holds a formula whose stored value was never calculated by a spreadsheet program (the file asks to be recalculated when opened).",
            "open the file in Excel or LibreOffice, let it recalculate and save; or type in the number.",
        ),
    ),
    "cell_error": (
        ("Cellen visar ett formelfel (t.ex. #REF! eller #DIV/0!).", "rätta formeln eller skriv in värdet, och spara."),
        (
            "The cell shows a formula error (e.g. #REF! or #DIV/0!).",
            "correct the formula or type in the value, and save.",
        ),
    ),
    "header_repeated": (
        (
            "Rubrikraden står en gång till här; raden lästes inte som uppgifter.",
            "inget behöver göras; ta bort raden om du vill.",
        ),
        (
            "The header row appears again here; the row was not read as data.",
            "nothing to do; delete the row if you like.",
        ),
    ),
    "sheet_extent_far": (
        (
            "Bladets formatering når rad {extent}, men uppgifterna står i {range}; bara det området lästes.",
            "inget behöver göras; rensa gärna formateringen under tabellen så blir filen mindre.",
        ),
        (
            "The sheet's formatting reaches row {extent}, but the data stands in {range}; only that range was read.",
            "nothing to do; clear the formatting below the table to make the file smaller.",
        ),
    ),
    "csv_unreadable": (
        (
            "CSV-filen går inte att läsa ({detail}).",
            "öppna den i Excel och spara den som CSV UTF-8 (kommaavgränsad) eller som Excel-arbetsbok (.xlsx).",
        ),
        (
            "The CSV file cannot be read ({detail}).",
            "open it in Excel and save it as CSV UTF-8 (comma delimited) or as Excel Workbook (.xlsx).",
        ),
    ),
    "more_problems": (
        (
            "… och {count} problem till av samma slag i den här filen.",
            "rätta dem som visas ovan och kör kontrollen igen.",
        ),
        (
            "… and {count:more problem|more problems} of the same kind in this file.",
            "correct the ones shown above and run the check again.",
        ),
    ),
    "count_too_large": (
        (
            '{value} under "{heading}" är större än {limit}; inget verkligt antal är så stort.',
            "kontrollera talet: skriv antalet, inte t.ex. ett id eller ett belopp.",
        ),
        (
            '{value} under "{heading}" is larger than {limit}; no real count is that large.',
            "check the number: enter the count, not e.g. an id or an amount.",
        ),
    ),
    "text_too_long": (
        ('Texten under "{heading}" är {length} tecken lång, mer än {limit}.', "korta texten till ett namn."),
        ('The text under "{heading}" is {length} characters long, more than {limit}.', "shorten the text to a name."),
    ),
    "duplicate_home": (
        (
            "Boendet {name!r} står två gånger (först på rad {first}); dess platser skulle räknas två gånger.",
            "ta bort den ena raden, eller skilj boendena åt i namnet eller kommunen.",
        ),
        (
            "The home {name!r} appears twice (first on row {first}); its places would count twice.",
            "delete one of the rows, or tell the homes apart by name or municipality.",
        ),
    ),
    "register_ambiguous": (
        (
            "Namnet {alias!r} pekar på två hälsocentraler i registret: {first_id} och {id}.",
            "låt namnet höra till bara en hälsocentral i registret.",
        ),
        (
            "The name {alias!r} points to two centres in the register: {first_id} and {id}.",
            "let the name belong to only one centre in the register.",
        ),
    ),
    "register_unknown_id": (
        (
            "HSA-id {id!r} (på raden för {name!r}) finns inte i registret.",
            "rätta id:t så att det står som i registret, eller lägg till hälsocentralen i registret.",
        ),
        (
            "The HSA id {id!r} (on the row of {name!r}) is not in the register.",
            "correct the id as the register spells it, or add the centre to the register.",
        ),
    ),
    "register_id_other_name": (
        (
            "Namnet {name!r} hör till {other!r} ({other_id}) i registret, men raden har id {id}, som är {official!r}.",
            "rätta antingen namnet eller id:t så att båda avser samma hälsocentral.",
        ),
        (
            "The name {name!r} belongs to {other!r} ({other_id}) in the register, but the row has the id {id}, which is {official!r}.",
            "correct either the name or the id so that both mean the same centre.",
        ),
    ),
    "register_name_not_known": (
        (
            "Namnet {name!r} finns inte i registret; id {id} avgör att det är {official!r}.",
            "skriv namnet som i registret, eller lägg till stavningen som alias för {id} i registret.",
        ),
        (
            "The name {name!r} is not in the register; the id {id} settles that it is {official!r}.",
            "spell the name as in the register, or add this spelling as an alias of {id} in the register.",
        ),
    ),
    "register_alias_used": (
        (
            "Namnet {name!r} är ett alias i registret för {official!r} ({id}); det officiella namnet används.",
            "inget att göra; skriv det officiella namnet om du vill slippa noteringen.",
        ),
        (
            "The name {name!r} is an alias in the register of {official!r} ({id}); the official name is used.",
            "nothing to do; write the official name to avoid this note.",
        ),
    ),
    "unknown_centre_register": (
        (
            "Hälsocentralen {name!r} finns inte i registret. Menade du {suggestion!r}?",
            "skriv namnet som i registret, eller lägg till stavningen som alias för rätt hälsocentral i registret.",
        ),
        (
            "The centre {name!r} is not in the register. Did you mean {suggestion!r}?",
            "spell the name as in the register, or add this spelling as an alias of the right centre in the register.",
        ),
    ),
    "unknown_centre_register_no_match": (
        (
            "Hälsocentralen {name!r} finns inte i registret, varken som namn eller alias.",
            "lägg till hälsocentralen i registret, eller stavningen som alias för rätt hälsocentral.",
        ),
        (
            "The centre {name!r} is not in the register, neither as a name nor as an alias.",
            "add the centre to the register, or this spelling as an alias of the right centre.",
        ),
    ),
    "centre_not_listed": (
        (
            "Hälsocentralen {name!r} ({id} i registret) finns inte i listningsfilen.",
            "lägg till hälsocentralen i listningsfilen (antal 0 om den inte har några listade), eller rätta den ansvariga hälsocentralen.",
        ),
        (
            "The centre {name!r} ({id} in the register) is not in the listing file.",
            "add the centre to the listing file (count 0 if it has none listed), or correct the responsible centre.",
        ),
    ),
    "rate_exceeds_pool": (
        (
            'Potten "{pool}" har ett pris per enhet utan tak: {cost} kr betalas ut, mer än pottens {amount} kr.',
            "sätt cap = true i potten om beloppet ska vara ett tak, eller höj beloppet.",
        ),
        (
            'The pool "{pool}" pays a rate per unit without a cap: {cost} kr is paid, more than its {amount} kr.',
            "set cap = true on the pool if the amount is a ceiling, or raise it.",
        ),
    ),
}

# The officer's page (grantsheet serve) and grantsheet watch.
WEB_LABELS: dict[str, tuple[str, str]] = {
    "web_title": ("Fördelning av statsbidrag", "Distribution of a state grant"),
    "web_nav_workspace": ("Arbetsyta", "Workspace"),
    "web_nav_results": ("Resultat", "Results"),
    "web_nav_collect": ("Återrapportering", "Follow-up returns"),
    "web_nav_verify": ("Granska en arbetsbok", "Verify a workbook"),
    "web_year": ("bidragsår", "grant year"),
    "web_try": ("Försök:", "Try:"),
    "web_inputs": ("Indatafiler", "Input files"),
    "web_status": ("Status", "Status"),
    "web_modified": ("Senast ändrad", "Last changed"),
    "web_replace": ("Byt ut filen", "Replace the file"),
    "web_missing": ("Saknas", "Missing"),
    "web_file_ok": ("Inläst, inga fel", "Read, no errors"),
    "web_file_problems": ("{count} fel", "{count:error|errors}"),
    "web_choose_file": ("Välj fil", "Choose a file"),
    "web_chart_caption": (
        "{count} staplar i beräkningens ordning (peka på en stapel för namn och belopp); högst {name}, {top} @kr@.",
        "{count} bars in the calculation's order (point at a bar for its name and amount); highest {name}, {top} @kr@.",
    ),
    "web_drop_hint": ("eller släpp den här", "or drop it here"),
    "web_drop_inputs": (
        "Släpp nya indatafiler här (de byter ut filerna med samma namn)",
        "Drop new input files here (they replace the files of the same name)",
    ),
    "web_upload": ("Ladda upp", "Upload"),
    "web_upload_result": ("Uppladdat", "Uploaded"),
    "web_upload_unknown": (
        "{name}: ingen indatafil heter så. Släpp filen på raden för den fil den ska ersätta.",
        "{name}: no input file has that name. Drop the file on the row of the file it replaces.",
    ),
    "web_upload_written": ("{name} byttes ut och lästes in.", "{name} was replaced and read."),
    "web_upload_archived": (
        "Den tidigare filen sparades i arkivet ({path}).",
        "The previous file was kept in the archive ({path}).",
    ),
    "web_upload_refused": (
        "{name} byttes inte ut: den nya filen har fel. Inget skrevs.",
        "{name} was not replaced: the new file has errors. Nothing was written.",
    ),
    "web_changed": (
        "Indata har ändrats sedan den senaste fördelningen. Gör om den:",
        "The inputs changed after the last build. Build again:",
    ),
    "web_build": ("Fördela och skriv arbetsböckerna", "Allocate and write the workbooks"),
    "web_build_button": ("Fördela nu", "Build now"),
    "web_build_blocked": ("Rätta först {count} fel ovan.", "First mend the {count:error|errors} above."),
    "web_build_running": ("En fördelning pågår: se hur långt den kommit.", "A build is running: see its progress."),
    "web_last_build": ("Senaste fördelningen skrevs {time}.", "The last build was written {time}."),
    "web_no_build_yet": ("Ingen fördelning har gjorts ännu.", "Nothing has been built yet."),
    "web_history": ("Byggjournalen", "The build journal"),
    "web_history_none": (
        "Journalen har inga fördelningar för {year} ännu.",
        "The journal has no builds for {year} yet.",
    ),
    "web_history_time": ("Tid", "Time"),
    "web_history_user": ("Vem", "Who"),
    "web_history_built": ("Skrevs", "Written"),
    "web_history_checks": ("Kontroll", "Check"),
    "web_history_files": ("{workbooks} arbetsböcker", "{workbooks} workbooks"),
    "web_history_pdfs": ("{pdfs} PDF:er", "{pdfs} PDFs"),
    "web_history_paid": ("{pool}: {paid} av {amount} @kr@", "{pool}: {paid} of {amount} @kr@"),
    "web_history_same": ("Huvudarbetsboken på disk är den här fördelningens.", "The master on disk is this build's."),
    "web_history_resaved": (
        "Huvudarbetsboken på disk är den här fördelningens, sparad om sedan.",
        "The master on disk is this build's, saved again since.",
    ),
    "web_history_chained": ("Journalraden är orörd.", "The journal line is untouched."),
    "web_history_unchained": (
        "Raden före denna i journalen har ändrats eller tagits bort efteråt.",
        "The journal line before this one was edited or removed afterwards.",
    ),
    "web_see_results": ("Se resultatet", "See the result"),
    "web_progress_writing": ("{done} av {total} filer skrivna", "{done} of {total} files written"),
    "web_progress_inputs": (
        "Läser och kontrollerar indata ({done} av {total})",
        "Reading and checking the inputs ({done} of {total})",
    ),
    "web_progress_placing": (
        "Kontrollerar de nya filerna och lägger dem på plats ({done} av {total})",
        "Checking the new files and putting them in place ({done} of {total})",
    ),
    "web_progress_journal": (
        "{done} av {total} filer förda in i byggjournalen",
        "{done} of {total} files entered in the build journal",
    ),
    "web_progress_reading": (
        "{done} av {total} tidigare filer lästa (det som skrivits in i dem förs över)",
        "{done} of {total} previous files read (what was typed into them is carried over)",
    ),
    "web_reload": ("Ladda om sidan för att se hur långt den kommit.", "Reload the page to see the progress."),
    "web_build_failed": (
        "Fördelningen gjordes inte: {count} problem. Inget skrevs.",
        "The build was not made: {count:problem|problems}. Nothing was written.",
    ),
    "web_broken": (
        "Något gick fel i grantsheet; inget av indata ändrades. Felet finns i serverns logg.",
        "Something went wrong in grantsheet; none of the inputs changed. The error is in the server's log.",
    ),
    "web_back": ("Tillbaka till arbetsytan", "Back to the workspace"),
    "web_download_master": ("Ladda ned huvudarbetsboken", "Download the master workbook"),
    "web_download_zip": (
        "Ladda ned alla {count} utbetalningsfiler (zip)",
        "Download all {count} payout files (zip)",
    ),
    "web_zip_name": ("utbetalningsfiler", "payout-files"),
    "web_zip_pdf_name": ("utbetalningsfiler-pdf", "payout-files-pdf"),
    "web_download_payout_pdf": ("Ladda ned utbetalningslistan (PDF)", "Download the payout list (PDF)"),
    "web_download_pdf_zip": ("Ladda ned alla {count} PDF:er (zip)", "Download all {count} PDFs (zip)"),
    "web_with_pdf": ("skriv också PDF:er (med LibreOffice)", "also print PDFs (with LibreOffice)"),
    "web_progress_printing": (
        "{done} av {total} PDF:er skrivna med LibreOffice",
        "{done} of {total} PDFs printed by LibreOffice",
    ),
    "web_download": ("Ladda ned", "Download"),
    "web_checks_ok": ("Alla kontroller visar OK.", "Every check shows OK."),
    "web_checks_failed": ("En kontroll visar FEL.", "A check shows ERROR."),
    "web_checks_unknown": (
        "Arbetsboken skrevs före denna session: granska den för att se kontrollerna.",
        "The workbook was written before this session: verify it to see its checks.",
    ),
    "web_rate": ("Kr per enhet", "Kr per unit"),
    "web_paid": ("Utbetalt (@kr@)", "Paid (@kr@)"),
    "web_chart": ("Utbetalning per mottagare (@kr@)", "Payout per recipient (@kr@)"),
    "web_changes": ("Ändringar sedan förra fördelningen", "Changes since the previous build"),
    "web_change": ("Ändring", "Change"),
    "web_before": ("Före (@kr@)", "Before (@kr@)"),
    "web_after": ("Efter (@kr@)", "After (@kr@)"),
    "web_per_centre": ("Per mottagare", "Per recipient"),
    "web_search": ("Sök namn eller id", "Search name or id"),
    "web_key": ("nyckel", "key"),
    "web_file": ("Fil", "File"),
    "web_collect_help": (
        "Släpp de returnerade återrapporteringarna här: många filer på en gång, eller en zip. "
        "De sparas i arbetsytan och räknas med alla som kommit in tidigare.",
        "Drop the returned follow-up forms here: many files at once, or a zip. "
        "They are kept in the workspace and counted with every return received before.",
    ),
    "web_drop_returns": ("Välj returnerade filer", "Choose returned files"),
    "web_collect_counts": ("{reported} av {total} har rapporterat.", "{reported} of {total} have reported."),
    "web_missing_returns": ("Har inte rapporterat", "Have not reported"),
    "web_flags": ("Att kontrollera", "To look into"),
    "web_download_summary": ("Ladda ned sammanställningen", "Download the summary workbook"),
    "web_verify_help": (
        "Släpp en arbetsbok som grantsheet skrivit (huvudarbetsboken eller en utbetalningsfil): "
        "siffrorna räknas om från bokens egna blad och varje avvikelse visas.",
        "Drop a workbook grantsheet wrote (the master or a payout file): its numbers are "
        "re-derived from its own sheets and every difference is shown.",
    ),
    "web_drop_verify": ("Välj arbetsbok", "Choose a workbook"),
    "web_verify_master": ("Granska den senaste huvudarbetsboken ({name})", "Verify the last master workbook ({name})"),
    "web_input_problems": ("Filerna lästes inte: inget skrevs.", "The files were not read: nothing was written."),
    "web_no_file": ("Ingen fil kom med. Välj eller släpp en fil.", "No file came along. Choose or drop a file."),
    "web_approval_heading": ("Attest", "Approval"),
    "web_history_approved": ("Attesterad av {user} {time}", "Approved by {user} {time}"),
    "web_history_rejected": ("Avslagen av {user} {time}", "Rejected by {user} {time}"),
    "web_to_approve": ("Att attestera", "To approve"),
    "web_approval_what": (
        "Bygge {build}, gjort av {user}: attesten gäller just de filer bygget skrev.",
        "Build {build}, made by {user}: the approval is of exactly the files the build wrote.",
    ),
    "web_approval_comment": ("Kommentar (krävs vid avslag)", "Comment (required to reject)"),
    "web_approve": ("Attestera", "Approve"),
    "web_reject": ("Avslå", "Reject"),
    "web_approval_changed": (
        "{file} har ändrats sedan attesten: bokföring och utskick stoppas.",
        "{file} changed since the approval: booking and sending are stopped.",
    ),
    "web_approval_rejected_by": ("Avslaget av {user}: {comment}", "Rejected by {user}: {comment}"),
    "web_approval_needs_name": (
        "Attest kräver en inloggning med ett eget namn (--token NAMN:TOKEN, eller proxyns användare): med en delad token kan vem som helst skriva vilket namn som helst.",
        "Approving needs a login under a name of one's own (--token NAME:TOKEN, or the proxy's user): with a shared token anyone can type any name.",
    ),
    "web_approval_own_build": (
        "Du gjorde detta bygge: en annan handläggare attesterar det.",
        "You made this build: another officer approves it.",
    ),
    "web_approval_not_approver": (
        "Du står inte bland attestanterna i [approval] approvers.",
        "You are not among the approvers in [approval] approvers.",
    ),
    "web_approval_already": ("Du har attesterat detta bygge.", "You have approved this build."),
    "web_approval_build_unsigned": (
        "Bygget är inte signerat: bygg om innan det attesteras.",
        "The build is not signed: build again before it is approved.",
    ),
    "web_approval_no_build": ("Inget bygge att attestera.", "No build to approve."),
    "web_no_build": (
        "Det finns ingen fördelning ännu: gör en först.",
        "There is no build yet: make one first.",
    ),
    "web_not_found": ("Sidan eller filen finns inte.", "No such page or file."),
    "web_bad_request": (
        "Formuläret kom inte fram helt, eller ett filnamn var för långt (högst 255 tecken). Försök igen; "
        "byt namn på filen om det är mycket långt.",
        "The form did not arrive whole, or a file name was too long (at most 255 characters). Try again; "
        "rename the file if its name is very long.",
    ),
    "web_refused_host": (
        "Servern svarar bara på sin egen adress (localhost). Öppna den adress som grantsheet serve skrev ut.",
        "The server answers only at its own address (localhost). Open the address grantsheet serve printed.",
    ),
    "web_refused_token": (
        "Sidan kräver en åtkomstkod. Skriv koden som den som startade grantsheet serve gav dig.",
        "The page needs an access token. Type the token you were given by whoever started grantsheet serve.",
    ),
    "web_refused_name": (
        "Skriv ditt namn också: byggjournalen anger vem som gjorde varje fördelning.",
        "Type your name too: the build journal says who made each build.",
    ),
    "web_user": ("Ditt namn", "Your name"),
    "web_token": ("Åtkomstkod", "Access token"),
    "web_login": ("Öppna", "Open"),
    "web_refused_origin": (
        "Begäran kom inte från grantsheets egen sida och avvisades. Gör om det från sidan.",
        "The request did not come from grantsheet's own page and was refused. Do it again from the page.",
    ),
    "web_refused_csrf": (
        "Formuläret var för gammalt (servern har startats om). Ladda om sidan och försök igen.",
        "The form was out of date (the server was restarted). Reload the page and try again.",
    ),
    "web_refused_size": (
        "Filen är för stor för att tas emot. Indatafiler och arbetsböcker får vara högst 200 MiB.",
        "The file is too large to receive. Input files and workbooks may be at most 200 MiB.",
    ),
    "dir_returns": ("returer", "returns"),
    "summary_file": ("sammanstallning-{year}.xlsx", "summary-{year}.xlsx"),
    "cli_serving": (
        "grantsheet visar arbetsytan på {url} (avsluta med Ctrl+C)",
        "grantsheet shows the workspace at {url} (stop with Ctrl+C)",
    ),
    "cli_serve_needs_token": (
        "En annan adress än loopback (127.0.0.1) kräver en åtkomstkod: ange --token eller GRANTSHEET_TOKEN.",
        "An address other than loopback (127.0.0.1) needs an access token: give --token or GRANTSHEET_TOKEN.",
    ),
    "cli_serve_missing": (
        "grantsheet {command} behöver webbpaketen. I grantsheet-mappen: pip install -e '.[web]' "
        "(grantsheet installerat från ett paketindex: pip install 'grantsheet[web]').",
        "grantsheet {command} needs the web packages. In the grantsheet folder: pip install -e '.[web]' "
        "(grantsheet installed from a package index: pip install 'grantsheet[web]').",
    ),
    "cli_watching": (
        "Bevakar {path}: en ändrad indatafil ger en ny fördelning (avsluta med Ctrl+C).",
        "Watching {path}: a changed input file starts a new build (stop with Ctrl+C).",
    ),
    "cli_watch_waiting": (
        "{name} är öppen i ett kalkylprogram: väntar tills den stängs.",
        "{name} is open in a spreadsheet program: waiting until it is closed.",
    ),
    "cli_watch_changed": ("Ändrat: {names}", "Changed: {names}"),
}
LABELS.update(WEB_LABELS)

# The grant file on the page (grantsheet/grant_form.py, grantsheet/definition.py). A setting's
# label is "setting_<its schema path>"; one without a label here is shown by its key.
EDITOR_LABELS: dict[str, tuple[str, str]] = {
    "web_nav_grant": ("Bidragets regler", "The grant's rules"),
    "web_edit_grant": ("Ändra bidragets regler", "Edit the grant's rules"),
    "web_grant_heading": ("Bidragets regler (grant.toml)", "The grant's rules (grant.toml)"),
    "web_grant_intro": (
        "Varje ändring kontrolleras direkt, som grantsheet check gör, och förhandsvisningen räknar om utbetalningarna. Inget skrivs förrän du sparar.",
        "Every change is checked at once, as grantsheet check does, and the preview recalculates the payouts. Nothing is written until you save.",
    ),
    "web_grant_default": ("standard: {value}", "default: {value}"),
    "web_grant_example": ("skrivs som {example}", "written as {example}"),
    "web_grant_required": ("krävs", "required"),
    "web_grant_lines": ("en per rad", "one a line"),
    "web_grant_add": ("Lägg till {name}", "Add {name}"),
    "web_grant_remove": ("Ta bort", "Remove"),
    "web_grant_check": ("Kontrollera", "Check"),
    "web_grant_save": ("Spara grant.toml", "Save grant.toml"),
    "web_grant_saved": (
        "grant.toml sparades (ändring {number} i journalen, av {user}).",
        "grant.toml was saved (change {number} in the journal, by {user}).",
    ),
    "web_grant_saved_archived": ("Den förra finns kvar i {path}.", "The previous one is kept in {path}."),
    "web_grant_not_saved": ("grant.toml sparades inte:", "grant.toml was not saved:"),
    "web_grant_changed_on_disk": (
        "grant.toml har ändrats på disken sedan sidan öppnades: spara inte över den, öppna sidan igen.",
        "grant.toml has changed on disk since this page was opened: do not save over it, open the page again.",
    ),
    "web_grant_no_file": ("Arbetsytan har ingen grant.toml ännu.", "The workspace has no grant.toml yet."),
    "web_grant_history": ("Ändringar av grant.toml", "Changes of grant.toml"),
    "web_preview": ("Förhandsvisning", "Preview"),
    "web_preview_ok": ("Inga fel.", "No errors."),
    "web_preview_problems": (
        "{count:problem|problem} hindrar en fördelning:",
        "{count:problem|problems} stand in the way of a build:",
    ),
    "web_preview_recipients": (
        "{count:mottagare|mottagare}; de första {shown} visas.",
        "{count:recipient|recipients}; the first {shown} are shown.",
    ),
    "web_preview_changed": (
        "{count:mottagare|mottagare} får ett annat belopp än i den senaste fördelningen; totalt {difference} kr.",
        "{count:recipient|recipients} get another amount than in the last build; {difference} kr in all.",
    ),
    "web_preview_no_build": ("Ingen tidigare fördelning att jämföra med.", "No earlier build to compare with."),
    "web_preview_before": ("Förra", "Before"),
    "web_preview_difference": ("Skillnad", "Difference"),
    "web_preview_total": ("Summa", "Total"),
    "web_preview_recipient": ("Mottagare", "Recipient"),
    "web_start": ("Starta arbetsytan", "Start the workspace"),
    "web_start_intro": (
        "Mappen {path} har ingen grant.toml. Börja från ett exempel, från förra årets arbetsyta eller från tomma mallar.",
        "The folder {path} has no grant.toml. Start from an example, from last year's workspace or from blank templates.",
    ),
    "web_start_example": ("Från ett exempel", "From an example"),
    "web_start_previous": ("Från förra årets arbetsyta", "From last year's workspace"),
    "web_start_previous_hint": (
        "grant.toml med nytt år (uppföljningens datum flyttas med) och registret följer med; årets tabeller släpper du på sidan.",
        "grant.toml with the new year (the follow-up's dates move with it) and the register come along; drop the year's tables on the page.",
    ),
    "web_start_blank": ("Tom", "Blank"),
    "web_start_blank_hint": (
        "grant.toml och tomma indataböcker att fylla i.",
        "grant.toml and blank input workbooks to fill in.",
    ),
    "web_start_year": ("År", "Year"),
    "web_start_button": ("Starta", "Start"),
    "web_started": ("Arbetsytan startades: {names}.", "The workspace was started: {names}."),
    "web_tables_heading": ("Egna tabeller", "Tables of your own"),
    "web_tables_drop": (
        "Släpp en arbetsbok eller CSV-fil med en tabell att fördela efter",
        "Drop a workbook or CSV file with a table to distribute by",
    ),
    "web_tables_dropped": (
        "{name} lades i indatamappen. Kontrollera förslaget: vilken kolumn som namnger mottagaren och vilka som är antal eller decimaltal.",
        "{name} was put in the inputs folder. Check the proposal: which column names the recipient and which hold counts or decimals.",
    ),
    "web_tables_refused": ("{name} lades inte till:", "{name} was not added:"),
    "web_tables_sheet": ("Blad {sheet}, rubrikrad {row}", "Sheet {sheet}, heading row {row}"),
    "web_tables_no_header": ("Blad {sheet}: ingen rubrikrad hittades.", "Sheet {sheet}: no heading row was found."),
    "web_tables_id": ("Tabellens id", "The table's id"),
    "web_tables_kind_recipient": ("mottagare", "recipient"),
    "web_tables_kind_count": ("antal", "count"),
    "web_tables_kind_decimal": ("decimaltal", "decimal"),
    "web_tables_kind_text": ("text", "text"),
    "web_tables_kind_": ("tas inte med", "left out"),
    "web_tables_column_id": ("id", "id"),
    "web_tables_unit": ("enhet", "unit"),
    "web_tables_declare": ("Lägg till tabellen", "Add the table"),
    "web_tables_use": (
        "En pott fördelar efter en kolumn med nyckeln {example}.",
        "A pool distributes by a column with the key {example}.",
    ),
    "setting_grant": ("Bidraget", "The grant"),
    "setting_tables": ("Tabeller", "Tables"),
    "setting_tables[]": ("Tabell", "Table"),
    "setting_tables[].id": ("Id", "Id"),
    "setting_tables[].file": ("Fil", "File"),
    "setting_tables[].recipient": ("Mottagarens kolumn", "The recipient's column"),
    "setting_tables[].columns": ("Kolumner", "Columns"),
    "setting_recipients": ("Mottagarna", "The recipients"),
    "setting_recipients.noun": ("Mottagare (singular)", "Recipient (singular)"),
    "setting_recipients.plural": ("Mottagare (plural)", "Recipients (plural)"),
    "setting_recipients.table": ("Tabellen som listar dem", "The table that lists them"),
    "setting_grant.currency": ("Valuta", "Currency"),
    "setting_grant.year": ("År", "Year"),
    "setting_grant.title": ("Rubrik", "Title"),
    "setting_grant.organisation": ("Organisation", "Organisation"),
    "setting_grant.language": ("Språk", "Language"),
    "setting_grant.example_data": ("Exempeldata", "Example data"),
    "setting_decision": ("Beslutet", "The decision"),
    "setting_decision.body": ("Beslutande organ", "Decided by"),
    "setting_decision.reference": ("Diarienummer", "Reference"),
    "setting_decision.paragraph": ("Paragraf", "Paragraph"),
    "setting_decision.date": ("Beslutsdatum", "Date of the decision"),
    "setting_pools": ("Potter", "Pools"),
    "setting_pools[]": ("Pott", "Pool"),
    "setting_pools[].id": ("Id", "Id"),
    "setting_pools[].name": ("Namn", "Name"),
    "setting_pools[].amount": ("Belopp", "Amount"),
    "setting_pools[].key": ("Fördelningsnyckel", "Key"),
    "setting_pools[].rounding": ("Avrundning", "Rounding"),
    "setting_pools[].rate": ("Belopp per enhet", "Rate per unit"),
    "setting_pools[].cap": ("Högst potten", "At most the pool"),
    "setting_pools[].eligible": ("Vem får", "Eligible"),
    "setting_pools[].weight": ("Vikt", "Weight"),
    "setting_pools[].fixed": ("Fast belopp per mottagare", "Fixed amount per recipient"),
    "setting_pools[].minimum": ("Minst", "Minimum"),
    "setting_pools[].maximum": ("Högst", "Maximum"),
    "setting_pools[].unit": ("Utbetalningsenhet", "Payout unit"),
    "setting_pools[].ties": ("Lika rester", "Ties"),
    "setting_pools[].seed": ("Lottningens frö", "Seed of the draw"),
    "setting_rounding": ("Avrundning", "Rounding"),
    "setting_rounding.method": ("Metod", "Method"),
    "setting_follow_up": ("Återrapportering", "Follow-up"),
    "setting_follow_up.deadline": ("Sista dag", "Deadline"),
    "setting_follow_up.repay_by": ("Återbetalas senast", "Repay by"),
    "setting_follow_up.repay_account": ("Återbetalas till", "Repay to"),
    "setting_follow_up.categories": ("Kategorier", "Categories"),
    "setting_inputs": ("Indatafiler", "Input files"),
    "setting_inputs.register": ("Register", "Register"),
    "setting_inputs.bed_places": ("Boendeplatser", "Bed places"),
    "setting_inputs.listed_80_plus": ("Listade 80+", "Listed 80+"),
    "setting_inputs.quality": ("Registreringar", "Registrations"),
    "setting_inputs.regions": ("Regioner", "Regions"),
    "setting_approval": ("Attest", "Approval"),
    "setting_approval.approvers": ("Attestanter", "Approvers"),
    "setting_approval.required": ("Attester som krävs", "Approvals required"),
    "setting_inputs.outside_folder": ("Filer utanför mappen", "Files outside the folder"),
    "setting_ledger": ("Bokföring (SIE)", "Ledger (SIE)"),
    "setting_ledger.cost_account": ("Kostnadskonto", "Cost account"),
    "setting_ledger.counter_account": ("Motkonto", "Counter account"),
    "setting_ledger.dimension": ("Dimension", "Dimension"),
    "setting_ledger.series": ("Verifikationsserie", "Voucher series"),
    "setting_ledger.date": ("Verifikationsdatum", "Voucher date"),
    "setting_ledger.text": ("Verifikationstext", "Voucher text"),
    "setting_mail": ("E-post", "Mail"),
    "setting_mail.sender": ("Avsändare", "Sender"),
    "setting_mail.host": ("SMTP-server", "SMTP server"),
    "setting_mail.port": ("Port", "Port"),
    "setting_mail.starttls": ("STARTTLS", "STARTTLS"),
    "setting_mail.user": ("Användare", "User"),
    "setting_mail.password_env": ("Lösenordets miljövariabel", "Password's environment variable"),
    "setting_mail.subject": ("Ämne", "Subject"),
    "setting_mail.body": ("Brevtext", "Body"),
    "setting_mail.reminder_subject": ("Påminnelsens ämne", "Reminder's subject"),
    "setting_mail.reminder_body": ("Påminnelsens text", "Reminder's body"),
}
LABELS.update(EDITOR_LABELS)
PROBLEMS.update(
    {
        "grant_changed_meanwhile": (
            (
                "grant.toml har ändrats på disken sedan sidan öppnades (någon har redigerat den för hand); den skrevs inte över.",
                "öppna sidan Bidragets regler igen, så utgår ändringarna från filen som den är nu.",
            ),
            (
                "grant.toml has changed on disk since the page was opened (someone edited it by hand); it was not overwritten.",
                "open the grant's rules page again, so the changes start from the file as it is now.",
            ),
        ),
        "workspace_started": (
            ("Arbetsytan har redan en grant.toml; inget skrevs över.", "ändra den på sidan Bidragets regler."),
            (
                "The workspace has a grant.toml already; nothing was overwritten.",
                "change it on the grant's rules page.",
            ),
        ),
        "table_not_workbook": (
            (
                "Filen är varken en arbetsbok (.xlsx) eller en CSV-fil.",
                "spara tabellen som .xlsx eller .csv och släpp den igen.",
            ),
            (
                "The file is neither a workbook (.xlsx) nor a CSV file.",
                "save the table as .xlsx or .csv and drop it again.",
            ),
        ),
        "table_file_exists": (
            (
                "Det finns redan en fil med det namnet i indatamappen; den skrevs inte över.",
                "byt namn på filen, eller släpp den på sin rad på arbetsytan för att byta ut den.",
            ),
            (
                "There is a file of that name in the inputs folder already; it was not overwritten.",
                "rename the file, or drop it on its row of the workspace to replace it.",
            ),
        ),
        "table_no_header": (
            (
                "Ingen rubrikrad hittades: en rad med minst två rubriker ovanför raderna med siffror.",
                "ge tabellen en rad med rubriker (till exempel Region, Folkmängd) ovanför siffrorna.",
            ),
            (
                "No heading row was found: a row of at least two headings above the rows of figures.",
                "give the table a row of headings (for example Region, Population) above the figures.",
            ),
        ),
        "start_bad_year": (
            ("Året {value} ligger utanför {least}–{most}.", "ange ett år mellan {least} och {most}."),
            ("The year {value} is outside {least}–{most}.", "give a year between {least} and {most}."),
        ),
    }
)


def master_words(key: str, written_in: int) -> tuple[str, str]:
    """``key``'s words in a master of format ``written_in``: an earlier format's are frozen in
    grantsheet/frozen_labels.py, read only for a master of that format (verify lays it out again)."""
    if written_in < 7:
        from grantsheet.frozen_labels import MASTER_WORDS_BEFORE_6, MASTER_WORDS_BEFORE_7

        if key in MASTER_WORDS_BEFORE_7:
            return MASTER_WORDS_BEFORE_7[key]
        if written_in < 6 and key in MASTER_WORDS_BEFORE_6:
            return MASTER_WORDS_BEFORE_6[key]
    return LABELS[key]


_INDEX = {"sv": 0, "en": 1}
# Kinds of recipient that had their own wording before 0.2 (a frozen key with this suffix).
RECIPIENTS = ("region",)

# A template's placeholders may carry a format of their own (``_Formatter``):
#   {count:hälsocentral|hälsocentraler}  the number and the word in singular or plural: "1 hälsocentral"
#   {amount:n}                           a number as the language writes it: "1 234 567", "500,5"
#   {value:v}                            a typed value as the officer typed it: a number, a date, "text"
NUMBER, VALUE = "n", "v"


def number(value: float | int | Fraction, lang: str, decimals: int | None = None) -> str:
    """``value`` with a space between thousands and the language's decimal sign: "1 234,50"
    in Swedish, "1 234.50" in English; whole numbers, and floats that are whole, without decimals
    (unless ``decimals`` asks for them). A decimal key (a Fraction of a power of ten) is written
    with exactly its decimals: 13,04061."""
    # A Fraction exists only once fractions is imported: grantsheet --help imports neither it
    # nor decimal, which it brings.
    fractions = sys.modules.get("fractions")
    if fractions is not None and isinstance(value, fractions.Fraction):
        import decimal

        exact = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        value = value.numerator if value.denominator == 1 else exact if exact == value else float(value)  # type: ignore[assignment]
    if decimals is None and isinstance(value, float) and value.is_integer():
        value = int(value)
    written = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}"
    whole, _, fraction = written.partition(".")
    return whole.replace(",", " ") + ((("," if lang == "sv" else ".") + fraction) if fraction else "")


def display(value: object, lang: str) -> str:
    """A typed value the way a person reads it: a number as ``number`` writes it, a date as
    2023-01-20, text in quotes, nothing as "(tomt)"."""
    if value is None or value == "":
        return text("value_empty", lang)
    if isinstance(value, bool):
        return str(value).upper()
    fractions = sys.modules.get("fractions")  # a decimal key (see ``number``)
    if isinstance(value, (int, float)) or fractions is not None and isinstance(value, fractions.Fraction):
        return number(value, lang)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return f'"{value}"'


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            # "|has|have" gives the word alone, "centre|centres" the number and the word.
            word_only = format_spec.startswith("|")
            one, many = format_spec.removeprefix("|").split("|", 1)
            word = one if value == 1 else many
            return word if word_only else f"{number(value, self.lang)} {word}"  # type: ignore[arg-type]
        if format_spec == NUMBER:
            return number(value, self.lang)  # type: ignore[arg-type]
        if format_spec == VALUE:
            return display(value, self.lang)
        return super().format_field(value, format_spec)


_FORMATTERS = {lang: _Formatter(lang) for lang in _INDEX}
_OWN_FORMATS: dict[str, bool] = {}


def _format(template: str, lang: str, params: dict[str, object]) -> str:
    # str.format where the template needs nothing more: most labels, written thousands of times.
    own = _OWN_FORMATS.get(template)
    if own is None:
        own = _OWN_FORMATS[template] = any(
            spec and ("|" in spec or spec in (NUMBER, VALUE)) for _, _, spec, _ in string.Formatter().parse(template)
        )
    return _FORMATTERS[lang].format(template, **params) if own else template.format(**params)


# Who is paid, in a template: @noun@ and @nouns@ (one, many), @Noun@ and @Nouns@ at the start of a
# heading. The grant's words fill them in (``recipient_text``): the grant file's [recipients], or
# the words of the table that lists the recipients. Swedish definite forms ("hälsocentralen") cannot
# be made from a noun the officer gives, so the templates use the indefinite ones or "mottagare".
NOUN_TOKENS = ("@noun@", "@nouns@", "@Noun@", "@Nouns@")
# The words of the built-in recipient lists: the default (health centres), and the regions.
DEFAULT_NOUNS = (("hälsocentral", "health centre"), ("hälsocentraler", "health centres"))
KNOWN_NOUNS = (DEFAULT_NOUNS, (("region", "region"), ("regioner", "regions")))
# Who is paid when the grant file's own noun is in another language than the text (#21.7): a
# Swedish text of a grant over "states" says "mottagare", not "50 states".
RECIPIENT_NOUNS = (("mottagare", "recipient"), ("mottagare", "recipients"))


def grant_nouns(noun: str, plural: str, language: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The (Swedish, English) words for one and many recipients when the grant file, written in
    ``language``, calls them ``noun`` and ``plural``: its own words in its language; in the other
    the known translation (region, regions), else the general word (mottagare, recipient)."""
    index = _INDEX.get(language, 0)
    for one, many in KNOWN_NOUNS:
        if (one[index], many[index]) == (noun, plural):
            return one, many
    words = [list(RECIPIENT_NOUNS[0]), list(RECIPIENT_NOUNS[1])]
    words[0][index], words[1][index] = noun, plural
    return (words[0][0], words[0][1]), (words[1][0], words[1][1])


# The grant's currency, in a template: @kr@ (``Grant.currency_word``: "kr" for SEK, else "EUR"),
# @kronor@ (kronor for SEK, else the code), and its hundredth, @ore@ (öre for kronor, else cent,
# ``hundredth``).
CURRENCY_TOKEN = "@kr@"
HUNDREDTH_TOKEN = "@ore@"
UNITS_TOKEN = "@kronor@"  # whole units in words: "hela kronor", "whole USD"
HUNDREDTHS = {"kr": "öre", "NOK": "øre", "DKK": "øre", "GBP": "pence"}


def hundredth(currency_word: str) -> str:
    """What a hundredth of the currency is called: öre for kronor, cent for dollars and euros."""
    return HUNDREDTHS.get(currency_word, "cent")


class Nouns(Protocol):
    """The recipients' words, one and many, in each language (``grant.Recipients``)."""

    @property
    def noun(self) -> tuple[str, str]: ...

    @property
    def plural(self) -> tuple[str, str]: ...


class Words(Protocol):
    """What a grant's texts are written in: its recipients' words and its currency (``grant.Grant``)."""

    @property
    def who(self) -> Nouns: ...

    @property
    def currency_word(self) -> str: ...


# Swedish definite forms (the one, its, the many, theirs) of the built-in recipients; a noun the
# grant file gives has none that could be made from it, and "mottagare" stands in.
DEFINITE = {
    "hälsocentral": ("hälsocentralen", "hälsocentralens", "hälsocentralerna", "hälsocentralernas"),
    "region": ("regionen", "regionens", "regionerna", "regionernas"),
}
RECIPIENT_DEFINITE = ("mottagaren", "mottagarens", "mottagarna", "mottagarnas")
DEFINITE_TOKENS = ("@nounen@", "@nounens@", "@nounerna@", "@nounernas@")


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


# Kept per process: a centre file fills in some eighty texts, each the same in every file of a
# build (the grant's words), and the replacements were a twentieth of its own time (BENCHMARKS.md).
@functools.lru_cache(maxsize=4096)
def _nouned(template: str, noun: str, nouns: str, symbol: str = "kr") -> str:
    if "@" not in template:
        return template
    forms = DEFINITE.get(noun, RECIPIENT_DEFINITE)
    for token, word in zip(DEFINITE_TOKENS, forms):
        template = template.replace(token, word).replace("@" + _capital(token[1:]), _capital(word))
    for token, word in zip(NOUN_TOKENS, (noun, nouns, _capital(noun), _capital(nouns))):
        template = template.replace(token, word)
    cents = hundredth(symbol)
    template = template.replace(HUNDREDTH_TOKEN, cents).replace("@Ore@", _capital(cents))
    template = template.replace(UNITS_TOKEN, "kronor" if symbol == "kr" else symbol)
    return template.replace(CURRENCY_TOKEN, symbol)


def _worded(template: str, lang: str, grant: Words | None, currency: str = "kr") -> str:
    """``template`` with its tokens filled in: the grant's recipients and currency, or without a
    grant the default words (health centres) and ``currency`` (kronor)."""
    index = _INDEX[lang]
    if grant is None:
        return _nouned(template, DEFAULT_NOUNS[0][index], DEFAULT_NOUNS[1][index], currency)
    who = grant.who
    return _nouned(template, who.noun[index], who.plural[index], grant.currency_word)


def text(key: str, lang: str, /, **params: object) -> str:
    """``key``'s text; a text about the recipients in the default words (health centres) and in
    kronor: a text for a grant's outputs goes through ``recipient_text``."""
    return _default_words(LABELS[key], lang, params)


def _default_words(words: tuple[str, ...], lang: str, params: dict[str, object]) -> str:
    return _format(_worded(words[_INDEX[lang]], lang, None), lang, params)


def currency_text(key: str, lang: str, currency: str, /, **params: object) -> str:
    """``key``'s text with its amounts in ``currency`` as written after them ("kr", "USD"): for
    what records a grant's currency but not the grant (a journal line)."""
    return _format(_worded(LABELS[key][_INDEX[lang]], lang, None, currency), lang, params)


def recipient_text(key: str, lang: str, grant: Words, /, **params: object) -> str:
    """``key``'s text in the words of the grant: its recipients ("Region" instead of "Hälsocentral")
    and its currency ("EUR" instead of "kr")."""
    return worded_text(LABELS[key], lang, grant, **params)


def worded_text(words: tuple[str, str], lang: str, grant: Words | None, /, **params: object) -> str:
    """``words`` (Swedish, English), as ``recipient_text`` fills in a text (``master_words``)."""
    return _format(_worded(words[_INDEX[lang]], lang, grant), lang, params)


def format1_text(key: str, lang: str, grant: Words, /, **params: object) -> str:
    """``key``'s text as a master of format 1 (0.1.0) said it, for laying one out again: in the
    words of health centres and kronor whatever the grant, but for the keys that had a variant
    for the recipients then, and in 0.1.0's own words where today's differ (both frozen in
    grantsheet/frozen_labels.py)."""
    from grantsheet.frozen_labels import FORMAT1_RECIPIENT_KEYS, FORMAT1_TEXTS

    if key in FORMAT1_RECIPIENT_KEYS:
        return recipient_text(key, lang, grant, **params)
    return _default_words(FORMAT1_TEXTS.get(key, master_words(key, 1)), lang, params)


# The families of keys whose words a reader looks for in a file grantsheet wrote (a sheet's
# name, a heading, a parameter's word, a folder): frozen for every release
# (grantsheet/frozen_labels.py), so that a rewording here still reads the files written before.
READ_BACK = (
    "sheet_",
    "col_",
    "key_",
    "rounding_",
    "eligible_",
    "weight_",
    "ties_",
    "reason_",
    "dir_",
    "form_",
    "file_",
)
READ_BACK_KEYS = ("yes", "error", "centre_total", "median")


def read_back(key: str) -> bool:
    """Whether a reader may look for ``key``'s words in a file (``READ_BACK``)."""
    return key.startswith(READ_BACK) or key in READ_BACK_KEYS


def _templates(key: str) -> set[tuple[str, str]]:
    """(language, template) of every text ``key`` has had in a released version or has now,
    for each kind of recipient (``READ_BACK`` keys; other keys: today's only)."""
    from grantsheet.frozen_labels import LABELS as FROZEN

    catalogues: list[Mapping[str, tuple[str, ...]]] = [LABELS, *FROZEN.values()] if read_back(key) else [LABELS]
    keys = [key] + [f"{key}_{recipient}" for recipient in RECIPIENTS]
    return {
        (lang, _nouned(catalogue[k][index], noun[index], nouns[index]))
        for catalogue in catalogues
        for k in keys
        if k in catalogue
        for lang, index in _INDEX.items()
        for noun, nouns in KNOWN_NOUNS
    }


def all_templates(key: str) -> set[str]:
    """``key``'s templates, before their parameters are filled in, as ``all_labels`` knows them."""
    return {template for _, template in _templates(key)}


def earlier_wording(version: str, lang: str) -> dict[str, str]:
    """Today's read-back labels in ``lang`` -> their words in released ``version``, where those
    differ: what a file of that version holds where today's writer would put today's words
    (the seal's audit lays an old master out again with today's ``texts``)."""
    from grantsheet.frozen_labels import LABELS as FROZEN
    from grantsheet.tables import frozen_form  # the built-in tables' words, under their old keys

    frozen = FROZEN.get(version, {})
    index = _INDEX.get(lang)
    if index is None:
        return {}
    today = {**frozen_form(), **LABELS}
    return {
        today[key][index]: words[index]
        for key, words in frozen.items()
        if key in today and today[key][index] != words[index] and "{" not in words[index]
    }


def all_labels(key: str, /, **params: object) -> set[str]:
    """Every way a workbook grantsheet wrote may show ``key``: each language, each kind of
    recipient, each released version's words (``READ_BACK``) and today's.

    For reading workbooks back, whatever language, grant and version they were written by.
    """
    return {_format(template, lang, params) for lang, template in _templates(key)}


def labels_before(key: str, words: Mapping[str, tuple[str, str]]) -> set[str]:
    """Every way a file of a format before ``words`` were replaced shows ``key``: the released
    versions' words and ``words``' own (both frozen_labels.py: ``MASTER_WORDS_BEFORE_7``), in each
    language; not today's, which a reader finds by an id."""
    from grantsheet.frozen_labels import LABELS as FROZEN

    return {catalogue[key][index] for catalogue in FROZEN.values() if key in catalogue for index in (0, 1)} | set(
        words.get(key, ())
    )


class Term(NamedTuple):
    """Words of the catalogue as a problem's parameter, rendered in the problem's language:
    several keys read as alternatives ("a text or a table")."""

    keys: tuple[str, ...]

    def render(self, lang: str) -> str:
        return text("term_or", lang).join(text(key, lang) for key in self.keys)


def _rendered(lang: str, params: dict[str, object]) -> dict[str, object]:
    return {name: value.render(lang) if isinstance(value, Term) else value for name, value in params.items()}


def problem_text(kind: str, lang: str, grant: Words | None = None, /, **params: object) -> str:
    """A problem's message, in the words of ``grant`` when it is known (a problem of a grant over
    states speaks of states), else of health centres and kronor."""
    return _format(_worded(PROBLEMS[kind][_INDEX[lang]][0], lang, grant), lang, _rendered(lang, params))


def problem_fix(kind: str, lang: str, grant: Words | None = None, /, **params: object) -> str:
    return _format(_worded(PROBLEMS[kind][_INDEX[lang]][1], lang, grant), lang, _rendered(lang, params))
