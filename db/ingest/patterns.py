"""Regular expressions for the pieces of a scraped news page.

General shapes seen across outlets (wire credits, share widgets, licence sentences, editors'
initials), not the strings of any one site.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Wire services and picture agencies whose names alone make a parenthesis a photo credit.
AGENCIES = (
    r"AFP|AP|Reuters|Getty(?: Images)?|EPA|Xinhua|Anadolu|Bloomberg|Shutterstock|Alamy|TASS|"
    r"Sputnik|ANSA|dpa|PA|UPI|IRNA|ISNA|Tasnim|Fars|Mehr|SANA|WANA|AA|Zuma|Corbis|NurPhoto|"
    r"SOPA|Pool|Handout|File|EFE|Kyodo|Yonhap|ANP|Belga|Keystone|Lusa|AAP|"
    r"picture[ -]alliance|imago|ddp|Ullstein|Witters|"
    # The same and others in Arabic and Persian: AFP, Reuters, AP, dpa, Anadolu, SANA, IRNA...
    r"أ\s?ف\s?ب|رويترز|رویترز|أ\s?ب|د\s?ب\s?أ|الأناضول|سانا|واس|إرنا|ایرنا|ایسنا|تسنیم|فارس|مهر"
)
_PHOTO_WORDS = (
    r"photo|photograph|picture|image|credit|courtesy|cortesía|cortesia|handout|file|pool|foto|"
    r"fotos|bild|imagen|"
    r"zdjęcie|صورة|الصورة|تصوير|عکس|تصویر|منبع عکس"
)

#: A credit in parentheses closing a line: "(AFP)", "(Photo by AFP)", "(GERALD HERBERT/AP)".
PAREN_CREDIT = re.compile(
    rf"\(\s*(?P<credit>(?:[^()]{{0,40}}\b(?:{_PHOTO_WORDS})\b[^()]{{0,60}}"
    rf"|(?:[^()/]*/)?\s*(?:{AGENCIES})(?:\s*(?:photos?|images?))?"
    rf"|[A-Z][\w.'’ -]{{1,60}}(?:/[\w.'’ -]{{1,60}})+))\s*\)\s*$",
    _I,
)


def paren_credit(line: str) -> re.Match[str] | None:
    """``PAREN_CREDIT`` searched in ``line``, from its last "(": a credit holds no parenthesis."""
    start = line.rfind("(")
    return PAREN_CREDIT.match(line, start) if start >= 0 else None


_PHOTO_CREDIT = re.compile(rf"\b(?:{_PHOTO_WORDS}|{AGENCIES})\b", _I)
_NAMED_CREDIT = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+\s?/\s?[A-Z]")


def photo_credit(credit: str) -> bool:
    """Whether a credit names a picture, an agency or a photographer ("Jo Roe/The Post")."""
    return _PHOTO_CREDIT.search(credit) is not None or _NAMED_CREDIT.match(credit) is not None


_LABEL_KEYS = re.compile(
    "Photo|Picture|Image|Credit|credit|Crédit|Foto|Bild|bild|Imagen|llustration|Graphic|Grafik|"
    "©|صورة|تصوير|عکس"
)


def _credit_text(line: str) -> str:
    """A line stripped of its outer spaces and of a full stop after a name: "Photo by Jo Roe."."""
    line = line.strip()
    return line[:-1] if line.endswith(".") and _LABEL_LEAD.match(line) else line


def credit_line(line: str) -> str | None:
    """The credit a short line holds and nothing else ("Getty Images", "(AP Photo/Jo Roe)")."""
    line = _credit_text(line)
    words = len(line.split())
    if not line or words > 10:
        return None
    if source := CHART_SOURCE.match(line):
        return source["credit"].strip()
    m = paren_credit(line) or label_credit(line)
    if m and m.start() == 0 and (words <= 6 or _LABEL_LEAD.match(line)):
        return " ".join(m["credit"].split())
    if words > 6:
        return None
    if _PERSON_SLASH_OUTLET.match(line):
        return line
    return " ".join(line.strip("()[]").split()) if photo_credit(line) else None


_SLASH_AGENCY = re.compile(
    rf"(?:^|[/|])\s*(?:[\w.,'’ -]{{0,40}}\b)?(?:{AGENCIES}|iStock|Images|Photos?)"
    r"(?:\s+[\w.'’-]+){0,3}\s*(?:[/|]|$)",
    _I,
)
#: An agency's credit after a slash or a bar closing a caption: "… im Klinikum / picture alliance".
TRAILING_CREDIT = re.compile(
    rf"\s[/|]\s*(?P<credit>(?:[\w.'’ -]{{0,40}}\b)?(?:{AGENCIES}|iStock|Getty Images)"
    r"(?:\s+[\w.'’-]+){0,3})\s*$",
    _I,
)
#: A credit of local papers closing a caption: "Jo Roe Submitted photo", "… Photo courtesy Al Poe".
SUFFIX_CREDIT = re.compile(
    r"\s(?:credit\s+)?(?P<credit>(?:submitted|file|staff|courtesy|contributed|handout) photo"
    r"|(?:photo|image) courtesy(?: of)?\s+[\w.'’ -]{2,40})\s*$",
    _I,
)


def suffix_credit(line: str) -> re.Match[str] | None:
    """``SUFFIX_CREDIT`` searched in ``line``, after a cheap test for its words."""
    cheap = "hoto" in line or "HOTO" in line or "ourtesy" in line or "OURTESY" in line
    return SUFFIX_CREDIT.search(line) if cheap else None


#: A figure's caption, an embedded post's label, a photo label standing alone on its line.
FIGURE_CAPTION = re.compile(
    r"^(?:figure|fig\.|abbildung|abb\.|map|karte|chart|grafik|graphic)\s*\d*\s*[:.]\s+\S"
    r"|^(?:view this post on instagram|sieh dir diesen beitrag auf instagram an)$"
    r"|^(?:a post shared by|ein beitrag geteilt von)\b"
    r"|^(?:photo|foto|bild|image|picture|credit|fotos?)\s*:$",
    _I,
)
_COURTESY = re.compile(
    r"^(?:courtesy|photo courtesy|image courtesy|cortesía|cortesia)\b|\bvia getty images$", _I
)
#: A photographer and the outlet or agency, the slash between them bare: "Jo Roe/Quanta Magazine".
_PERSON_SLASH_OUTLET = re.compile(
    r"^[A-Z](?:[a-z][\w'’-]*|\.)(?: [A-Z](?:[a-z][\w'’-]*|\.)){1,3}/[A-Z][\w.'’&-]*"
    r"(?: [\w.'’&-]+){0,4}$"
)
#: A credit's label opening its line, so that a longer credit is still one.
_LABEL_LEAD = re.compile(
    r"^(?:Photo|Photograph|Picture|Image|Foto|Bild|(?:Photo )?[Ii]llustration|Graphic)s?\s+by\b"
)
#: An image's file name shown as text: "plane_photo_w_watermark_0_1463649006", "IMG_2041.jpg".
IMAGE_FILE = re.compile(r"^(?=\S*\d)[\w-]*_[\w-]{10,}$|^[\w.-]+\.(?:jpe?g|png|gif|webp|tiff?)$", _I)


def picture_credit(line: str) -> bool:
    """Whether a short line is a picture's credit alone.

    "Photo: Jo Roe", "(AFP)", "Jo Roe/AP", "Getty Images", "Courtesy of NASA"; a bare agency's
    or person's name is not enough.
    """
    line = _credit_text(line)
    if CHART_SOURCE.match(line):
        return True
    if credit_line(line) is None or "://" in line or "www." in line or INITIALS.match(line):
        return False
    m = paren_credit(line) or label_credit(line)
    if m and m.start() == 0:
        return True
    if ("/" in line or "|" in line) and (
        _SLASH_AGENCY.search(line) or _PERSON_SLASH_OUTLET.match(line)
    ):
        return True
    return bool(_COURTESY.search(line)) or line.lower().strip("()") == "getty images"


#: The source under a chart or a table, in parentheses: "(Data: Eurostat)", "(Source: WTO)".
CHART_SOURCE = re.compile(
    r"^\(\s*(?:sources?|data|quelle|daten|fuente|datos|fonte|dati|données)"
    r"\s*:\s*(?P<credit>[^()]{2,80})\)$",
    re.IGNORECASE,
)


def label_credit(line: str) -> re.Match[str] | None:
    """``LABEL_CREDIT`` searched in ``line``, after a cheap test for its labels."""
    return LABEL_CREDIT.search(line) if _LABEL_KEYS.search(line) else None


#: A credit after a label: "Photograph: Mike Segar/Reuters", "Photo: Hamed Gholami/IRNA".
LABEL_CREDIT = re.compile(
    r"(?:^|(?<=[\s.!?”\"’)]))"
    r"(?:(?:(?:Main |Lead )?(?:[Ii]mage|[Pp]hoto) credit|Photograph|Photo|Picture|Image|Credit"
    r"|(?:Photo )?[Ii]llustration|Graphic|Grafik|Infografik"
    r"|Foto|Bild|Bildquelle|Bildnachweis|Beitragsbild|Titelbild|Fotonachweis|Bildrechte|Imagen"
    r"|Crédits? photo|Fotografía)s?\s*(?:by|:)|Credit(?:\.{2,}|…)|©(?!\s*(?:\d{4}|[Cc]opyright))"
    r"|(?:الصورة|صورة|تصوير|عکس|تصویر)\s*(?:من|از)?\s*:)\s*"
    r"(?P<credit>(?:[^.!?:؟]|\.(?=\d)){2,80})$"
)
#: A caption line introduced by a label: "PHOTO: A view of ...".
LEADING_PHOTO = re.compile(
    r"^\(?\s*(?:PHOTO|Photo|Photograph|Picture|Image|Pictured|Caption|Foto|Bild|Imagen"
    r"|Bildunterschrift|Beitragsbild|Titelbild|Légende|Pie de foto)\s*:\s*"
    r"|^(?:图注\s*[:：]|图为|\[사진\s*=)\s*"
)
#: The same label after a sentence, where a caption runs on from the body.
INLINE_PHOTO = re.compile(r"(?:^|(?<=[.!?”\"’)\s]))\(?\s*(?:PHOTO|Photo|Photograph)\s*:\s*")
#: Editors' initials that close an agency article: "EF/MG", "AFM/MQ/PA", "RM/ ".
INITIALS = re.compile(r"(?:^|(?<=\s))[A-Z]{1,5}(?:\s?/\s?[A-Z]{1,5})*\s?/\s?(?:[A-Z]{1,5})?\s*$")
END_MARK = re.compile(r"(?:^|(?<=\s))(?:END|ENDS|\(END\)|-30-|###)\s*$")

#: "All rights reserved" in other languages.
RIGHTS_RESERVED = (
    r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
    r"tutti i diritti riservati|جميع الحقوق محفوظة|كل الحقوق محفوظة|حقوق النشر محفوظة|"
    r"کلیه حقوق|تمامی حقوق|همه حقوق"
)
#: Licence and copyright sentences, which may close a line of body text.
LICENCE = re.compile(
    r"(?:[^.!?]*\blicen[cs]ed under\b[^.!?]*(?:licen[cs]e|commons)[^.!?]*[.!?]?"
    r"|[^.!?]*\ball rights reserved\b[^.!?]*[.!?]?"
    rf"|[^.!?]*(?:{RIGHTS_RESERVED})[^.!?]*[.!?]?"
    r"|(?:copyright|©)\s*(?:\(c\)\s*)?\d{4}[^.!?]*[.!?]?)\s*$",
    _I,
)

_SOCIAL = (
    r"share|tweet|email|e-mail|print|pin|whatsapp|telegram|facebook|twitter|pinterest|"
    r"linkedin|reddit|messenger|copy link|flipboard|comments?|save|x|google\+|google plus|"
    r"instagram|youtube|tumblr|sms|embed|"
    r"teilen|drucken|partager|imprimer|compartir|imprimir|condividi|stampa|udostępnij|"
    r"شارك|مشاركة|فيسبوك|تويتر|واتساب|تلغرام|طباعة|اشتراک‌گذاری|اشتراک|چاپ|فیسبوک|توییتر|"
    r"تلگرام|واتس‌اپ|ایمیل"
)
# Whole lines of site furniture: share widgets, app links, alternate addresses, bare URLs.
# Patterns anchored at the start are tried once per line; the others run only on lines holding
# one of their words, since a search from every position of every line is costly.
#: A web address alone on its line.
LINK_LINE = re.compile(r"^(?:https?://|www\.)\S+$", _I)
_LINE_START = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            rf"^(?:{_SOCIAL})(?:[\s|/•·,]+(?:{_SOCIAL}))*\W*$",
            r"^share (?:this|on|via|the)\b.{0,40}$",
            r"^(?:follow|like) us\b",
            r"^(?:subscribe|sign up)\b.{0,80}$",
            r"^\[?(?:related|recommended|more from|see also|most (?:read|popular)|advertisement"
            r"|sponsored|trending|also read|read also)\b.{0,60}$",
            r"^also on \S+\.\w{2,3}\b.{0,200}$",  # "Also on rt.com <another story>"
            # Where the story first ran, how long it takes to read, a player that reads it out.
            r"^this (?:article|story|post|piece) (?:was )?(?:originally|first) "
            r"(?:appeared|published|ran)\b.{0,100}$",
            r"^(?:reading time|read time|lesezeit|lesedauer|tempo de leitura|tiempo de lectura|"
            r"temps de lecture)\b.{0,30}$",
            r"^(?:listen to|escucha|hören sie|écoutez) (?:this|esta|este|diese|cet)\b.{0,30}$",
            LINK_LINE.pattern,
            # The same in other languages: read also, related, tags, advertising.
            r"^(?:lesen sie auch|mehr zum thema|weitere artikel|lire aussi|à lire aussi|"
            r"voir aussi|lea también|lea más|leer más|lee también|leia também|leia mais|"
            r"czytaj także|przeczytaj też|przeczytaj również|zobacz też|ver también|leggi anche|"
            r"اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|"
            r"مواضيع ذات صلة|أخبار ذات صلة|بیشتر بخوانید|مطالب مرتبط|اخبار مرتبط)\b.{0,100}$",
            r"^(?:tags|schlagwörter|schlagworte|etiquetas|étiquettes|mots-clés|الوسوم|وسوم|"
            r"كلمات مفتاحية|برچسب‌ها|برچسب ها|کلیدواژه‌ها)\s*:.{0,200}$",
            r"^(?:anzeige|werbung|publicidad|publicité|pubblicità|إعلان|تبلیغات)$",
            r"^(?:leave|post|add|view) (?:a |your )?comments?\b",
            r"^image (?:copyright|caption)\b",
            # What an embedded post or video leaves: "Play VIDEO", "Follow", "1,204 Retweets".
            r"^(?:play|watch)(?: the)? video\b.{0,40}$",
            r"^(?:follow|following|unfollow)$",
            r"^play\b.{0,200}(?:\bembed|\s\d{1,2}:[0-5]\d)$",
            # Where a story came from, under it: "Via The Duran", "H/T: Angry Patriot".
            r"^(?:via|h/t|hat tip)\b:?\s+(?-i:[A-Z@])[^.!?]{0,60}$",
            r"^[\d.,]+\s?[km]?\s+(?:retweets?|likes?|shares?|views?|followers?|replies)$",
            r"^(?:read more|continue reading|read the full (?:story|article))\b.{0,80}$",
            r"^(?:disclosure|disclaimer|haftungsausschluss|avertissement)\s*:",
            # A copyright notice, of one sentence or several.
            r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}|.{0,200}\b(?:all rights reserved|"
            r"may not be (?:published|reproduced|copied|redistributed))\b)",
            r"^this (?:material|article|story|content) may not be (?:published|reproduced|copied|"
            r"redistributed|rewritten)\b",
        )
    ),
    _I,
)
_LINE_ANY = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            r"\balternat(?:e|ive) (?:web )?address(?:es)?\b",
            r"\bcan (?:also )?be (?:accessed|reached|read) at\b",
            r"\bdownload (?:our|the) (?:\w+ )?app\b",
            r"\b(?:app store|google play)\b",
            r"\bnewsletter\b.{0,60}$",
            r"\bclick here\b",
            r"\bfollow (?:\w+ ){0,3}on (?:twitter|facebook|instagram|x)\b",
            # An embedded video's share row: "… Facebook Twitter Google Plus Embed".
            r"\bfacebook twitter (?:google plus|google\+|linkedin|email|pinterest|whatsapp)\b"
            r".{0,20}$",
        )
    ),
    _I,
)
_LINE_ANY_WORDS = (
    "alternat", "can ", "download", "app store", "google play", "newsletter", "click here",
    "follow", "facebook twitter",
)  # fmt: skip


#: A video's title and its length: "NOV. 29: First Lady Thanks Visitors 2:28" (not a time).
_VIDEO_LENGTH = re.compile(
    r"(?!.*\b(?:at|um|à|a las|alle|till?|until|from|to)\s+\d{1,2}:\d\d$)"
    r".{3,200}[^\W\d]\W?\s+\d{1,2}:[0-5]\d",
    _I,
)


def boilerplate_line(line: str) -> bool:
    """Whether ``line`` is a whole line of site furniture."""
    if _LINE_START.match(line):
        return True
    if len(line) <= 210 and line[-1:].isdigit() and _VIDEO_LENGTH.fullmatch(line):
        return True
    low = line.lower()
    return any(w in low for w in _LINE_ANY_WORDS) and _LINE_ANY.search(line) is not None


#: BBC-style picture blocks: "<alt text>Image copyright<CREDIT>", then "Image caption <text>".
IMAGE_COPYRIGHT = re.compile(r"Image copyright\s*(?P<credit>.{1,80})$", _I)
IMAGE_CAPTION = re.compile(r"^(?:Image|Media|Video|Photo) caption\s*(?P<rest>.*)$", _I)
#: What a picture gallery or a video player shows beside its pictures: "Image 1 of 8",
#: "Media playback is unsupported on your device", "Hide caption".
GALLERY_LINE = re.compile(
    r"^(?:(?:image|photo|picture|slide|bild|foto)\s+\d+\s*(?:of|/|von|de|sur)\s*/?\s*\d+"
    r"|media playback is unsupported on your device|(?:toggle|hide|show) caption|caption"
    r"|enlarge (?:this )?(?:image|photo|picture)|(?:photo )?gallery\s*:.{1,60}\|\s*\d+ photos)$",
    _I,
)
READ_MORE = re.compile(r"^(?:read more|continue reading|more:?)\W*$", _I)
#: Another story's teaser, cut short with a link to the rest: "… the shop. Read more".
TEASER = re.compile(
    r"\b(?:read more|continue reading|weiterlesen|mehr lesen|lire la suite|leer más|leia mais"
    r"|czytaj dalej|read the full (?:story|article))\W{0,4}$",
    _I,
)
#: Where the people in a picture stand, in an agency's caption: "Jo Roe, left, and Al Poe",
#: "(from left)", "pictured at the harbour", "in this file photo", "poses for".
POSED = re.compile(
    r",\s(?:left|right|cent(?:er|re)|second (?:from )?(?:left|right)|top|bottom|front row"
    r"|back row),"
    r"|\((?:left|right|cent(?:er|re)|top|bottom|above|below|from left)\)|\bfrom left\b"
    r"|\bin this (?:file )?(?:photo|image|picture|handout)\b|\bpictured\b|\bposes? for\b",
    _I,
)
#: The signature under an embedded post, part of the quote: "— Jo Roe (@joroe) March 5, 2019".
POST_SIGNATURE = re.compile(r"^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\S.{0,40}$")


def teaser(line: str) -> bool:
    """Whether ``line`` ends as another story's teaser does; only its end is searched."""
    return TEASER.search(line, max(0, len(line) - 40)) is not None


#: A menu entry with its count of posts: "Politics (47)", "November 2019 (12)"; a year in
#: brackets is a heading's ("Common problems (2013)").
TALLY = re.compile(r"^[^()]{1,40}?\s*\((?!(?:19|20)\d\d\))\d{1,3}(?:[,.]?\d{3})*\)$")
_COMMENTS = (
    r"comments?|kommentare?|leserkommentare|meinungen|commentaires?|comentarios?|commenti|"
    r"komentarze|kommentarer|reacties|responses|replies|تعليقات|التعليقات|نظرات|دیدگاه‌ها"
)
#: The heading of a comment thread: "5 Comments", "Kommentare (3)", "التعليقات (٢)".
COMMENTS_HEADER = re.compile(
    rf"^(?:\d+\s+)?(?:reader |user )?(?:{_COMMENTS})\s*(?:\(\s*\d+\s*\))?:?$"
    r"|^join the (?:discussion|conversation)"
    r"|^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:thoughts?|responses?|replies|comments?) (?:on|to)\b"
    # "52Comments", "{ 38 comments… read them below or add one }", "This post has 3 comments."
    rf"|^\W{{0,2}}\d+\s*(?:{_COMMENTS})\b.{{0,50}}$"
    rf"|^(?:this (?:article|post|story) has|dieser (?:artikel|beitrag) hat)\s+\d+\s+"
    rf"(?:{_COMMENTS})\W*$",
    _I,
)
#: The form under a comment thread, where the thread ends.
COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)|write a comment|post a comment|add (?:a |your )?comment|"
    r"kommentar hinzufügen|ajouter un commentaire|agregar (?:un )?comentario|"
    r"schreibe einen kommentar|kommentar (?:schreiben|verfassen)|laisser un commentaire|"
    r"deja un comentario|lascia un commento|أضف تعليقا?|اكتب تعليقا?|ارسال نظر|دیدگاه بگذارید)\b"
    # The form's own lines: "Your email address will not be published", "Save my name, email…"
    r"|^(?:your|deine|ihre|votre|tu) (?:e-?mail|e-mail-adresse|adresse e-mail|dirección de correo)"
    r"(?: address)? (?:will not|wird nicht|ne sera pas|no será)\b"
    r"|^(?:save my name|meinen namen|enregistrer mon nom|guardar mi nombre)\b"
    r"|^(?:notify me of|benachrichtige mich|prévenez-moi|avísame)\b",
    _I,
)
#: A count alone on its line inside a thread: votes, likes, the comment's number.
THREAD_COUNT = re.compile(r"^\W{0,3}\d+\W{0,3}$")

#: The line naming a commenter: "Jo Roe says:", "Sam Poe sagt:", "Ana dice:", "Kommentar von Jo".
COMMENT_SAYS = re.compile(
    r"^\S.{0,60}?\s(?:says|said|wrote|sagt|schreibt|dice|escribió|disse|dit|a écrit|scrive|"
    r"napisał|skriver|zegt|schreef|قال|می‌گوید)\s*(?::|\.{2,}|…)?$"
    r"|^(?:comment|kommentar|commentaire|comentario|commento) (?:by|von|de|par|di)\s+\S.{0,40}$",
    _I,
)
_BUTTONS = (
    r"(?:log ?in to )?reply|antworten|antwort|répondre|réponse|responder|rispondi|odpowiedz|رد|"
    r"پاسخ|like|report|löschen|share|melden|zitieren|quote|signaler|denunciar|segnala"
)
#: A reply or moderation button under a comment, maybe with its counts ("15 Reply"), or the
#: notice of another blog's link to the post ("Pingback: …").
REPLY = re.compile(
    rf"^(?:\d+\s*)*(?:{_BUTTONS})(?:\s*(?:{_BUTTONS}|\d+))*[\s↓→]*$"
    r"|^(?:pingback|trackback)\s*:.{0,300}$",
    _I,
)
#: A time counted back from now: "3 hours ago", "vor 2 Stunden", "il y a 5 minutes".
RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?|months?)\s+ago\b"
    r"|\bvor\s+\d+\s+(?:Minuten|Stunden|Tagen|Wochen)\b"
    r"|\bil y a\s+\d+\s+(?:minutes?|heures?|jours?)\b"
    r"|\bhace\s+\d+\s+(?:minutos?|horas?|días?)\b"
    r"|\bpřed\s+\d+\s+\w+",
    _I,
)
#: A date in figures: "19.11.2019", "11/19/2019", "2019/11/19".
NUMERIC_DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{1,2}\.\s\d{1,2}\.\s(?:\d{4}|\d{2})"
    r"|\d{4}[./]\d{1,2}[./]\d{1,2})\b"
)

BREADCRUMB_SEP = re.compile(r"\s*(?:/|›|»|>|\||::|→)\s*")
#: What opens an Arabic or Persian byline: "بقلم: …", "كتب …", "نویسنده: …".
BYLINE_LABEL = r"بقلم|كتب|كتبت|إعداد|به قلم|نویسنده|نوشته"
# A name: capitalised words (whatever the pattern's case), particles such as "von der" between.
_CAP = r"(?-i:[A-Z\u00c0-\u00de\u0100-\u017f])[\w.'’-]*"
_PARTICLES = r"(?:\s+(?:van|von|der|den|de|da|del|di|du|la|le|bin|ibn|al|el|y))*"
_NAME = rf"{_CAP}(?:{_PARTICLES}\s+{_CAP}){{0,4}}"
# What may follow a byline's name: "( Contact )", "| Nov 19, 2019", "on March 5 at 10:42 am",
# a date.
_AFTER_NAME = (
    r"\s*(?:\([^()]{0,30}\))?\s*(?:(?:[|,–—-]|\s(?:on|at|@)\s|(?<=\s)(?=\d)|(?=@\w)"
    r"|(?=[\w.+-]+@[\w-]+\.\w)).{0,60})?$"  # "By Jo Roe jo@example.com", "Jo Roe@joroe"
)
BYLINE = re.compile(
    rf"^(?:by|written by|reporting by|words by|text by|story by|von|por|par|door|przez)\s+"
    rf"{_NAME}(?:\s*(?:,|and|&|und|y|et)\s*{_NAME})*\.?{_AFTER_NAME}"
    # "Additional reporting by …; Editing by …", "Redacción …", "责任编辑：…"
    r"|^(?:additional )?(?:reporting|editing|writing|compiled|translated|researched|edited|"
    r"reviewed|fact[- ]checked|produced) by\b.{0,200}$"
    # A name and its handle: "Jo Roe@joroe", "Jo Roe, @joroe".
    rf"|^{_CAP}(?:{_PARTICLES}\s+{_CAP}){{1,4}},?\s?@\w{{2,30}}(?:\s.{{0,40}})?$"
    # A blogger's handle: "von zahlenzauberin", "veröffentlicht von stylegart".
    r"|^(?:(?:posted|published|written|veröffentlicht|publié|publicado)\s+)?(?:by|von|par|por)\s+"
    r"(?!(?:default|design|hand|chance|contrast|comparison|accident|mistake|nature|now|then|"
    r"far|night|day|mail|phone|email|appointment)$)@?(?-i:[a-z0-9_.-]{4,30})$"
    r"|^(?:redacción|redaccion|redaktion|rédaction)\b.{0,40}$"
    r"|^\[?(?:责任编辑|编辑|记者|作者)\s*[:：]\s*\S.{0,30}$"
    rf"|^(?:{BYLINE_LABEL})\s*:?\s*[^\W\d_][^\s.!?؟:،]*"
    r"(?:\s+[^\s.!?؟:،]+){0,4}\s*$"  # a name of five words at most
    # "Posted on 15 October 2019 at 09:11 by Jo Roe.", "Veröffentlicht am … von Jo Roe",
    # "March 5, 2019 @ 10:42 am by Jo Roe"
    r"|^(?:posted|published|written|veröffentlicht|publié|publicado|pubblicato|"
    r"(?:\w+,?\s+)?(?:\d{1,2}|[^\W\d_]{3,9}\.?)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})\b.{0,80}?"
    rf"\b(?:by|von|par|por|da)\s+{_NAME}\.?{_AFTER_NAME}",
    _I,
)
#: Who else worked on a story, on a line of its own at its end: "(Reporting by Jo Roe; Editing by
#: Al Poe)", "Edited by: Al Poe", "Jo Roe contributed to this report.", "[责任编辑：肖春芳]".
_CONTRIBUTORS_LEAD = re.compile(
    r"\W{0,2}(?:with )?(?:additional )?(?:reporting|writing|editing|compiled|research|researched"
    r"|edited|reviewed|fact[- ]checked|produced|translated) by\s*:?\s+\w"
    r"|\W{0,2}(?:责任编辑|编辑|记者|作者|出品)\s*[:：︱|丨]\s*\S",  # editor, reporter, author
    _I,
)
_CONTRIBUTED = re.compile(
    r"\bcontributed (?:reporting )?to (?:this|the) (?:report|story|article)\W{0,3}$", _I
)


def contributors(line: str) -> bool:
    """Whether ``line`` names who else worked on the story; the dear search only where it may."""
    return _CONTRIBUTORS_LEAD.match(line) is not None or (
        "ontribut" in line and _CONTRIBUTED.search(line) is not None
    )


#: A by-word alone on its line, the name on the next: "By", "Von", "Kommentar von".
BY_ALONE = re.compile(
    r"^(?:(?:ein )?kommentar |written |posted )?(?:by|von|par|por|door)\s*:?$", _I
)
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
#: Gregorian months in Arabic (Egyptian and Levantine names) and Persian, by number.
OTHER_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            "يناير كانون الثاني ژانویه",
            "فبراير شباط فوریه",
            "مارس آذار",
            "أبريل إبريل نيسان آوریل",
            "مايو أيار مه",
            "يونيو يونيه حزيران ژوئن",
            "يوليو يوليه تموز ژوئیه",
            "أغسطس آب اوت",
            "سبتمبر أيلول سپتامبر",
            "أكتوبر تشرين الأول اکتبر",
            "نوفمبر تشرين الثاني نوامبر",
            "ديسمبر كانون الأول دسامبر",
        ),
        start=1,
    )
    for name in re.split(r" (?!الثاني|الأول)", names)
}
#: The same in German, French, Spanish, Italian, Portuguese, Dutch and Polish (as after a day).
OTHER_MONTHS.update(
    (name, n)
    for n, names in enumerate(
        (
            "januar jänner janvier enero gennaio janeiro januari stycznia",
            "februar février fevrier febrero febbraio fevereiro februari lutego",
            "märz mars marzo março maart marca",
            "avril abril aprile kwietnia",
            "mai mayo maggio maio mei maja",
            "juni juin junio giugno junho czerwca",
            "juli juillet julio luglio julho lipca",
            "août aout agosto augustus sierpnia",
            "septembre septiembre settembre setembro września",
            "oktober octobre octubre ottobre outubro października",
            "novembre noviembre novembro listopada",
            "dezember décembre decembre diciembre dicembre dezembro grudnia",
        ),
        start=1,
    )
    for name in names.split()
)
_ALL_MONTHS = MONTHS + "|" + "|".join(sorted(OTHER_MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<m1>{_ALL_MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<m2>{_ALL_MONTHS})\.?[,،]?\s+"
    rf"(?:de\s+)?(?P<y2>\d{{4}})",
    _I,
)
#: A month and day, with or without a year: "Mar 17", "9. April".
MONTH_DAY = re.compile(
    rf"\b(?:{_ALL_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:{_ALL_MONTHS})\b",
    _I,
)
_WEEKDAYS = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت"
    r"|یکشنبه|دوشنبه|سه‌شنبه|سه شنبه|چهارشنبه|پنجشنبه|پنج‌شنبه|جمعه|شنبه"
)
DATELINE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|آخر تحديث|تاريخ النشر|نشر في|تاریخ انتشار)"
    rf"(?: on)?\s*:?\s*)?"
    rf"(?:\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?[\s,|–—-]*)?"  # a time first
    rf"(?:(?:{_WEEKDAYS})[,،]?\s*)?(?:{DATE.pattern}|{NUMERIC_DATE.pattern})"
    rf"[\s,،|–—-]*(?:\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?(?:\s*[A-Z]{{2,4}})?[\s|]*$",
    _I,
)

CLOCK = re.compile(
    r"\b\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b|\s*\([A-Z]{2,4}\))?", _I
)
_OTHER_WEEKDAYS = (
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|"
    r"martedì|mercoledì|giovedì|venerdì|sabato|domenica"
)
#: A weekday's name in any of the languages above.
ANY_WEEKDAY = rf"{_WEEKDAYS}|{_OTHER_WEEKDAYS}"
#: What may stand between a name and its date: by-words, "on", "at", weekdays, separators.
_BESIDE_DATE = re.compile(
    rf"\b(?:by|von|par|por|door|am|on|at|um|le|de|el|the|{_OTHER_WEEKDAYS})\b|(?:{_WEEKDAYS})"
    r"|[|,·•/@–—~()-]+",
    _I,
)
_BY_WORD = re.compile(r"\b(?:by|von|par|por|door)\b", _I)
#: Words of a date line's label: "Published", "Last updated", "Stand", "Mis à jour".
_DATE_LABELS = re.compile(
    r"\b(?:published|updated|last|posted|modified|date|datum|stand|veröffentlicht|aktualisiert|"
    r"publié|mis|jour|actualizado|publicado|aggiornato|pubblicato|source|quelle|fuente|"
    r"comments?|kommentare?|min|read|ago|views?)\b",
    _I,
)
_DIGIT = re.compile(r"\d")  # a date has one: a cheap test before the dear ones
_FACT_SEP = re.compile(r"\s+[|/·•~]\s+|\s*\|\s*")
_AUTHOR_FACT = re.compile(
    r"^(?:(?:written |posted )?by|von|par|por|autor|autorin|author|auteur|autore)\s*:?\s+"
    r"([^\W\d_].{0,60})$",
    _I,
)


def dated_author(line: str) -> str | None:
    """The author's name in a row of a post's facts that gives its date as well, or None.

    "February 1, 2019 | BY: Jo Roe, MS", "Veröffentlicht: 05.01.2020 | Autor: joroe | Abgelegt
    unter: Fotografie | 5 Kommentare".
    """
    if len(line) > 250 or not _DIGIT.search(line):
        return None
    facts = [f.strip() for f in _FACT_SEP.split(line) if f.strip()]
    if len(facts) < 2 or not (DATE.search(line) or NUMERIC_DATE.search(line)):
        return None
    return next((m[1] for f in facts if (m := _AUTHOR_FACT.match(f))), None)


#: Words a date line may have besides its date and time: weekdays, "today", "at", "Uhr".
_DATE_WORDS = re.compile(
    rf"\b(?:{ANY_WEEKDAY}|today|yesterday|heute|gestern|hoy|ayer|hier|at|on|am|um|uhr|le|el|à|a|"
    r"las|hrs?|h|de|del|zuletzt|überarbeitet|geändert|edited|created|modifié|créé)\b",
    _I,
)


def date_line(line: str) -> bool:
    """A line that gives a date and nothing else, but a label, a time or a count.

    "Tuesday, March 5, 2019", "Dienstag, 1. Februar 2022", "Published: Monday, November 18th,
    2019 at 11:08 a.m.", "31. Oktober 2023 31. Oktober 2023", "6. November 2023 | 3 Kommentare".
    """
    if len(line) > 120 or not _DIGIT.search(line):
        return False
    if DATELINE.match(line):
        return True
    rest, dates = DATE.subn(" ", line)
    rest, numeric = NUMERIC_DATE.subn(" ", rest)
    if not dates + numeric:
        return False
    rest = _DATE_WORDS.sub(" ", _DATE_LABELS.sub(" ", CLOCK.sub(" ", rest)))
    return not re.search(r"[^\W\d_]", rest)


_NAME_WORD = re.compile(rf"{_CAP}|van|von|der|den|da|del|di|du|la|bin|ibn|al|y")


def name_and_date(line: str) -> str | None:
    """The name in a byline that also gives the date, or None if the line is no such byline.

    "Chris Davies - Nov 19, 2019", "Georg Quaas, 21. Jan. 2015", "29. Juni 2017, 23:39 · von
    Tobi", "Reuters November 18, 2019". Once the date, times and the words between are taken
    out, a name of two to four capitalised words is left (one will do after a by-word or for
    a news agency).
    """
    if len(line) > 120 or not _DIGIT.search(line):
        return None
    if not (date := DATE.search(line) or NUMERIC_DATE.search(line)):
        return None
    rest = CLOCK.sub(" ", line[: date.start()] + " " + line[date.end() :])
    if _DATE_LABELS.search(rest) or any(c.isdigit() for c in rest):
        return None
    words = _BESIDE_DATE.sub(" ", rest).split()
    named = all(_NAME_WORD.fullmatch(w) for w in words)
    alone = len(words) == 1 and (_BY_WORD.search(rest) or re.fullmatch(AGENCIES, words[0]))
    return " ".join(words) if named and (2 <= len(words) <= 4 or alone) else None


SENTENCE_END = ".!?…:;,"
CLOSERS = "\"'”’»)]」』"
