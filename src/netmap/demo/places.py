"""Places and name pools for the synthetic Yokohama demo.

The 18 wards are real (approximate populations); the district lists are real-sounding
地区連合 names, some invented. Every record built from them is synthetic: no row
describes a real organisation, person or case.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_ID = "yokohama"
CITY_NAME = "横浜市"


@dataclass(frozen=True)
class WardSpec:
    key: str  # romaji, used in ids
    name: str  # Japanese name
    population: int
    districts: tuple[tuple[str, str], ...]  # (romaji, Japanese) in selection order
    always: int  # the first `always` districts exist at every scale


WARDS: tuple[WardSpec, ...] = (
    WardSpec(
        "tsurumi",
        "鶴見区",
        297_000,
        (
            ("ushioda", "潮田"),
            ("tsurumichuo", "鶴見中央"),
            ("namamugi", "生麦"),
            ("toyooka", "豊岡"),
            ("terao", "寺尾"),
            ("baba", "馬場"),
            ("higashiterao", "東寺尾"),
            ("shishigaya", "獅子ケ谷"),
            ("komaoka", "駒岡"),
            ("sueyoshi", "末吉"),
            ("yako", "矢向"),
            ("ichiba", "市場"),
            ("kishiya", "岸谷"),
            ("shimonoya", "下野谷"),
        ),
        1,
    ),
    WardSpec(
        "kanagawa",
        "神奈川区",
        248_000,
        (
            ("hazawa", "羽沢"),
            ("rokkakubashi", "六角橋"),
            ("hakuraku", "白楽"),
            ("sugeta", "菅田"),
            ("katakura", "片倉"),
            ("mitsuzawa", "三ツ沢"),
            ("urashimaoka", "浦島丘"),
            ("koyasu", "子安"),
            ("shinkoyasu", "新子安"),
            ("oguchi", "大口"),
            ("tammachi", "反町"),
            ("kaminoki", "神之木"),
        ),
        1,
    ),
    WardSpec(
        "nishi",
        "西区",
        105_000,
        (
            ("tobe", "戸部"),
            ("miyazaki", "宮崎"),
            ("fujidana", "藤棚"),
            ("nishimae", "西前"),
            ("sengendai", "浅間台"),
            ("kuboyama", "久保山"),
            ("hiranuma", "平沼"),
            ("minatomirai", "みなとみらい"),
        ),
        0,
    ),
    WardSpec(
        "naka",
        "中区",
        151_000,
        (
            ("mugita", "麦田"),
            ("yamate", "山手"),
            ("honmoku", "本牧"),
            ("negishi", "根岸"),
            ("kotobuki", "寿"),
            ("noge", "野毛"),
            ("tateno", "立野"),
            ("takenomaru", "竹之丸"),
            ("furocho", "不老町"),
        ),
        2,
    ),
    WardSpec(
        "minami",
        "南区",
        197_000,
        (
            ("mutsukawa", "六ツ川"),
            ("maita", "蒔田"),
            ("nagata", "永田"),
            ("idogaya", "井土ケ谷"),
            ("ooka", "大岡"),
            ("gumyoji", "弘明寺"),
            ("nakamura", "中村"),
            ("shimizugaoka", "清水ケ丘"),
            ("minamiyoshida", "南吉田"),
            ("bessho", "別所"),
        ),
        2,
    ),
    WardSpec(
        "konan",
        "港南区",
        211_000,
        (
            ("noba", "野庭"),
            ("konandai", "港南台"),
            ("higiriyama", "日限山"),
            ("serigaya", "芹が谷"),
            ("shimonagaya", "下永谷"),
            ("hino", "日野"),
            ("kamiooka", "上大岡"),
            ("maruyamadai", "丸山台"),
            ("sasage", "笹下"),
        ),
        2,
    ),
    WardSpec(
        "hodogaya",
        "保土ケ谷区",
        205_000,
        (
            ("iwama", "岩間"),
            ("hoshikawa", "星川"),
            ("tennocho", "天王町"),
            ("imai", "今井"),
            ("gontazaka", "権太坂"),
            ("kawashima", "川島"),
            ("kamihoshikawa", "上星川"),
            ("shinsakuragaoka", "新桜ケ丘"),
            ("tokiwadai", "常盤台"),
            ("buko", "仏向"),
        ),
        2,
    ),
    WardSpec(
        "asahi",
        "旭区",
        241_000,
        (
            ("wakabadai", "若葉台"),
            ("futamatagawa", "二俣川"),
            ("tsurugamine", "鶴ケ峰"),
            ("kibogaoka", "希望が丘"),
            ("shirane", "白根"),
            ("imajuku", "今宿"),
            ("sakonyama", "左近山"),
            ("kamishirane", "上白根"),
            ("tsuoka", "都岡"),
            ("kawai", "川井"),
            ("makigahara", "万騎が原"),
            ("zenbu", "善部"),
        ),
        2,
    ),
    WardSpec(
        "isogo",
        "磯子区",
        164_000,
        (
            ("sugita", "杉田"),
            ("isogo", "磯子"),
            ("takigashira", "滝頭"),
            ("okamura", "岡村"),
            ("mori", "森"),
            ("shiomidai", "汐見台"),
            ("yokodai", "洋光台"),
            ("kaminakazato", "上中里"),
            ("byobugaura", "屏風浦"),
        ),
        2,
    ),
    WardSpec(
        "kanazawa",
        "金沢区",
        193_000,
        (
            ("tomioka", "富岡"),
            ("mutsuura", "六浦"),
            ("kamariya", "釜利谷"),
            ("kanazawa", "金沢"),
            ("nishishiba", "西柴"),
            ("nokendai", "能見台"),
            ("namiki", "並木"),
            ("seaside", "金沢シーサイド"),
            ("yanagicho", "柳町"),
            ("daido", "大道"),
            ("yatsu", "谷津"),
        ),
        6,
    ),
    WardSpec(
        "kohoku",
        "港北区",
        362_000,
        (
            ("nippa", "新羽"),
            ("tarumachi", "樽町"),
            ("hiyoshi", "日吉"),
            ("tsunashima", "綱島"),
            ("okurayama", "大倉山"),
            ("kikuna", "菊名"),
            ("shinohara", "篠原"),
            ("shinyoshida", "新吉田"),
            ("takata", "高田"),
            ("mamedo", "大豆戸"),
            ("kozukue", "小机"),
            ("shirosato", "城郷"),
            ("morooka", "師岡"),
            ("shimoda", "下田"),
        ),
        2,
    ),
    WardSpec(
        "midori",
        "緑区",
        181_000,
        (
            ("tokaichiba", "十日市場"),
            ("nakayama", "中山"),
            ("kirigaoka", "霧が丘"),
            ("nagatsuta", "長津田"),
            ("kamoi", "鴨居"),
            ("higashihongo", "東本郷"),
            ("niiharu", "新治"),
            ("takeyama", "竹山"),
            ("miho", "三保"),
            ("hakusan", "白山"),
        ),
        7,
    ),
    WardSpec(
        "aoba",
        "青葉区",
        306_000,
        (
            ("aobadai", "青葉台"),
            ("fujigaoka", "藤が丘"),
            ("ichigao", "市が尾"),
            ("tamaplaza", "たまプラーザ"),
            ("azamino", "あざみ野"),
            ("eda", "荏田"),
            ("nara", "奈良"),
            ("onda", "恩田"),
            ("kamoshida", "鴨志田"),
            ("susukino", "すすき野"),
            ("wakakusadai", "若草台"),
            ("utsukushigaoka", "美しが丘"),
        ),
        0,
    ),
    WardSpec(
        "tsuzuki",
        "都筑区",
        214_000,
        (
            ("nakagawa", "中川"),
            ("nakamachidai", "仲町台"),
            ("kachida", "勝田"),
            ("kuzugaya", "葛が谷"),
            ("higashiyamata", "東山田"),
            ("kitayamata", "北山田"),
            ("kawawa", "川和"),
            ("edaminami", "荏田南"),
            ("saedo", "佐江戸"),
        ),
        0,
    ),
    WardSpec(
        "totsuka",
        "戸塚区",
        281_000,
        (
            ("totsuka", "戸塚"),
            ("higashitotsuka", "東戸塚"),
            ("kamikurata", "上倉田"),
            ("yoshida", "吉田"),
            ("yabe", "矢部"),
            ("kawakami", "川上"),
            ("kashio", "柏尾"),
            ("nase", "名瀬"),
            ("maioka", "舞岡"),
            ("hirado", "平戸"),
            ("gumisawa", "汲沢"),
            ("fukaya", "深谷"),
            ("harajuku", "原宿"),
            ("akiba", "秋葉"),
            ("taisho", "大正"),
        ),
        0,
    ),
    WardSpec(
        "sakae",
        "栄区",
        119_000,
        (
            ("hongodai", "本郷台"),
            ("kosugaya", "小菅ケ谷"),
            ("katsuradai", "桂台"),
            ("kasama", "笠間"),
            ("iijima", "飯島"),
            ("shodo", "庄戸"),
            ("kamigo", "上郷"),
            ("toyoda", "豊田"),
            ("kuden", "公田"),
        ),
        1,
    ),
    WardSpec(
        "izumi",
        "泉区",
        151_000,
        (
            ("tateba", "立場"),
            ("izumichuo", "いずみ中央"),
            ("okazu", "岡津"),
            ("kamiiida", "上飯田"),
            ("izumi", "和泉"),
            ("nakada", "中田"),
            ("ryokuen", "緑園"),
            ("shimbashi", "新橋"),
            ("shimoizumi", "下和泉"),
            ("yayoidai", "弥生台"),
        ),
        0,
    ),
    WardSpec(
        "seya",
        "瀬谷区",
        120_000,
        (
            ("seya", "瀬谷"),
            ("mitsukyo", "三ツ境"),
            ("akuwa", "阿久和"),
            ("futatsubashi", "二ツ橋"),
            ("aizawa", "相沢"),
            ("nakayashiki", "中屋敷"),
            ("kamiseya", "上瀬谷"),
            ("minamiseya", "南瀬谷"),
        ),
        0,
    ),
)

#: Neighbourhood suffixes (町内の区域, invented).
NEIGHBOURHOOD_SUFFIXES: tuple[str, ...] = ("北部", "中央", "南部", "東部", "西部")

#: Soft, invented words used in organisation and activity names.
POOL: tuple[str, ...] = (
    "ひだまり",
    "あおぞら",
    "さくら",
    "なごみ",
    "つばさ",
    "こもれび",
    "わかば",
    "みのり",
    "ひまわり",
    "たんぽぽ",
    "すずらん",
    "かえで",
    "どんぐり",
    "あかり",
    "つむぎ",
    "ぬくもり",
    "ほほえみ",
    "めばえ",
    "こすもす",
    "やまびこ",
    "そよかぜ",
    "ともしび",
    "きずな",
    "えがお",
    "はばたき",
    "みらい",
    "ひかり",
    "のぞみ",
    "ゆずりは",
    "あさがお",
)

COMPANY_WORDS: tuple[str, ...] = (
    "物流",
    "食品",
    "建設",
    "製作所",
    "サービス",
    "運輸",
    "清掃",
    "印刷",
    "リサイクル",
    "フーズ",
    "農園",
    "ビルメンテナンス",
)

NPO_SUFFIXES: tuple[str, ...] = ("の会", "ネット", "サポート", "ハウス", "くらぶ", "プロジェクト")

MEDICAL_WORDS: tuple[str, ...] = ("内科", "クリニック", "こども医院", "診療所", "歯科", "整形外科")

#: Parts of generated organisation names, by kind.
SCHOOL_NAME_MARKS: tuple[str, ...] = ("", "東", "西", "南", "北", "台", "第二")
CARE_FACILITY_FORMS: tuple[str, ...] = ("特別養護老人ホーム ", "デイサービス ", "グループホーム ")
VOLUNTEER_GROUP_SUFFIXES: tuple[str, ...] = ("の会", "グループ", "ネット")
PUBLIC_FACILITY_FORMS: tuple[str, ...] = ("地区センター", "コミュニティハウス", "スポーツセンター")

#: Suffixes that tell apart organisations or activities that would share a name.
KANJI_NUM = ("", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九")

#: The wards with their own employment office (ハローワーク), and the office that serves
#: each ward (others: ハローワーク横浜, city level).
EMPLOYMENT_OFFICE_WARDS: tuple[str, ...] = ("kohoku", "totsuka")
HELLO_WORK: dict[str, str] = {
    "kohoku": "org-hw-kohoku",
    "tsuzuki": "org-hw-kohoku",
    "aoba": "org-hw-kohoku",
    "midori": "org-hw-kohoku",
    "totsuka": "org-hw-totsuka",
    "sakae": "org-hw-totsuka",
    "izumi": "org-hw-totsuka",
    "seya": "org-hw-totsuka",
}
