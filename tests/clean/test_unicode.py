"""Articles in non-Latin scripts keep their body: word and sentence measures count every script (issue 12)."""
from __future__ import annotations

import pytest

from storyweave import textutil
from storyweave.clean import clean
from storyweave.clean.text import split
from storyweave.model import Document, RawDocument

# Invented short news reports: a headline, a menu-ish line, three paragraphs, a copyright line.
ARTICLES = {
    "ru": ("Новости | Спорт | Погода",
           "Мост закрыли после обнаружения трещин",
           ["Старый мост через реку закрыли для всех машин во вторник, после того как инженеры нашли трещины в "
            "двух опорах, сообщили в администрации района.",
            "Каждый день по мосту проезжают около девяти тысяч автомобилей, и водителям придётся ехать в объезд "
            "почти пятнадцать километров.",
            "«Безопасность прежде всего», — сказала глава района Анна Петрова. Ремонт может занять несколько "
            "месяцев."]),
    "ja": ("ニュース | スポーツ | 天気",
           "ひび割れ発見で橋を通行止めに",
           ["市は火曜日、川に架かる古い橋の二本の支柱にひび割れが見つかったため、すべての車両の通行を止めたと発表した。",
            "この橋は毎日およそ九千台の車が通っており、運転手は最大で十三キロの迂回を強いられることになる。",
            "市長は「安全が第一です」と述べた。修理には秋までかかる見通しで、費用は約二億円と見込まれている。"]),
    "ko": ("뉴스 | 스포츠 | 날씨",
           "균열 발견으로 다리 통행 금지",
           ["시는 화요일 강을 가로지르는 오래된 다리의 기둥 두 곳에서 균열이 발견되어 모든 차량의 통행을 금지했다고 "
            "밝혔다.",
            "이 다리는 매일 약 구천 대의 차량이 지나가며, 운전자들은 최대 십삼 킬로미터를 돌아가야 한다.",
            "시장은 \"안전이 최우선\"이라고 말했다. 수리는 가을까지 걸릴 것으로 보인다."]),
    "ar": ("أخبار | رياضة | طقس",
           "إغلاق الجسر بعد اكتشاف تشققات",
           ["أغلقت البلدية الجسر القديم فوق النهر أمام جميع المركبات يوم الثلاثاء بعد أن عثر المهندسون على "
            "تشققات في اثنتين من دعاماته.",
            "يعبر الجسر نحو تسعة آلاف مركبة كل يوم، وسيضطر السائقون إلى سلوك طريق بديل يصل طوله إلى ثلاثة عشر "
            "كيلومترا.",
            "وقالت رئيسة البلدية إن السلامة تأتي أولا. هل سيستغرق الإصلاح أشهرا؟"]),
    "zh": ("新闻 | 体育 | 天气",
           "发现裂缝后大桥封闭",
           ["市政府星期二表示，由于工程师在河上一座旧桥的两根桥墩上发现裂缝，该桥已禁止所有车辆通行。",
            "这座桥每天约有九千辆汽车通过，司机将不得不绕行最多十三公里。",
            "市长说：“安全第一。”维修工程预计要到秋天才能完成，费用约为一千万元。"]),
    "hi": ("समाचार | खेल | मौसम",
           "दरारें मिलने के बाद पुल बंद",
           ["इंजीनियरों को नदी पर बने पुराने पुल के दो खंभों में दरारें मिलने के बाद मंगलवार को सभी वाहनों के "
            "लिए पुल बंद कर दिया गया।",
            "इस पुल से हर दिन लगभग नौ हजार वाहन गुजरते हैं और चालकों को तेरह किलोमीटर का चक्कर लगाना होगा।",
            "महापौर ने कहा कि सुरक्षा सबसे पहले है। मरम्मत में कई महीने लग सकते हैं।"]),
}


def _text(lang: str) -> str:
    menu, title, paragraphs = ARTICLES[lang]
    return "\n\n".join([menu, title, *paragraphs, "© 2024"])


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_plain_text_article_keeps_its_body(lang):
    d = clean(RawDocument(id=lang, source=f"{lang}.txt", text=_text(lang)))
    assert isinstance(d, Document), d
    _, title, paragraphs = ARTICLES[lang]
    for p in paragraphs:
        assert p in d.body
    assert ARTICLES[lang][0] not in d.body and "©" not in d.body
    assert d.language != "en"


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_html_article_keeps_its_body(lang):
    menu, title, paragraphs = ARTICLES[lang]
    html = (f"<html lang='{lang}'><head><title>{title}</title></head><body><nav>{menu}</nav><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article><footer>© 2024</footer></body></html>")
    d = clean(RawDocument(id=lang, source=f"{lang}.html", html=html))
    assert isinstance(d, Document), d
    for p in paragraphs:
        assert p in d.body
    assert d.title == title


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_paragraphs_count_as_prose(lang):
    s = split(_text(lang))
    assert s.paragraphs == ARTICLES[lang][2]


def test_word_counts_in_every_script():
    assert textutil.word_count("Hello, don't stop: it's 12 well-known.") == 6
    assert textutil.word_count("Москва — столица России.") == 3
    assert textutil.word_count("서울은 대한민국의 수도입니다.") == 3
    assert textutil.word_count("القاهرة هي عاصمة مصر.") == 4
    assert textutil.words("हिन्दी भाषा") == ["हिन्दी", "भाषा"]  # vowel signs and viramas stay inside the word
    # no spaces between words: about one word per two characters
    assert textutil.word_count("東京都は日本の首都です。") == 6
    assert textutil.word_count("12 345 — !!") == 0
