"""Synthetic names for the bench, and the ways a name is written differently at a second intake.

Thai names come from pythainlp's bundled lists (the same lists the demo uses). Myanmar, Lao and
Khmer names come from the small lists below: each word as a passport or pink card writes it in
Latin letters, in its own script, and as a Thai officer would write it in Thai letters. The
spellings are plausible, not authoritative: the bench needs realistic shapes and collisions,
not a dictionary. Everything made here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

# (Latin, own script, Thai) per word.
MYANMAR_SYLLABLES = (
    ("Aung", "အောင်", "อ่อง"), ("Kyaw", "ကျော်", "จ่อ"), ("Zaw", "ဇော်", "ซอ"),
    ("Min", "မင်း", "มิน"), ("Thura", "သူရ", "ตูระ"), ("Mya", "မြ", "เมียะ"),
    ("Hnin", "နှင်း", "หนิ่น"), ("Su", "စု", "ซู"), ("Ei", "အိ", "เอ"),
    ("Win", "ဝင်း", "วิน"), ("Htun", "ထွန်း", "ทุน"), ("Oo", "ဦး", "อู"),
    ("Naing", "နိုင်", "หน่าย"), ("Aye", "အေး", "เอ"), ("Myint", "မြင့်", "มยิ้น"),
    ("Lwin", "လွင်", "ลวิน"), ("Soe", "စိုး", "โซ"), ("Thant", "သန့်", "ตั้น"),
    ("Phyo", "ဖြိုး", "เพียว"), ("Moe", "မိုး", "โม"), ("Khin", "ခင်", "ขิ่น"),
    ("Thida", "သီတာ", "ตีดา"), ("Nyein", "ငြိမ်း", "เญ่ง"), ("Zin", "ဇင်", "ซิน"),
    ("Hla", "လှ", "หละ"), ("Nwe", "နွယ်", "นแว"), ("Thet", "သက်", "เต็ด"),
    ("Wai", "ဝေ", "เว"), ("Yan", "ရန်", "ยาน"), ("Paing", "ပိုင်", "ไป่"),
    ("Sandar", "စန္ဒာ", "ซันดา"), ("Htet", "ထက်", "เท็ต"), ("Lin", "လင်း", "ลิน"),
    ("Myo", "မျိုး", "เมี้ยว"), ("Ko", "ကို", "โก"), ("Nay", "နေ", "เน"),
    ("Chit", "ချစ်", "ชิด"), ("Khaing", "ခိုင်", "ขาย"), ("Yadanar", "ရတနာ", "ยะดะนา"),
    ("Kyi", "ကြည်", "จี"), ("Tin", "တင်", "ติน"), ("Maung", "မောင်", "หม่อง"),
    ("Sein", "စိန်", "เส่ง"), ("Pyae", "ပြည့်", "แปร"),
)  # fmt: skip
LAO_GIVEN = (
    ("Souksavanh", "ສຸກສະຫວັນ", "สุขสวรรค์"), ("Bounmy", "ບຸນມີ", "บุญมี"),
    ("Khamla", "ຄຳຫລ້າ", "คำหล้า"), ("Vilay", "ວິໄລ", "วิไล"), ("Manivanh", "ມະນີວັນ", "มณีวรรณ"),
    ("Phet", "ເພັດ", "เพชร"), ("Noy", "ນ້ອຍ", "น้อย"), ("Khamphone", "ຄຳພອນ", "คำพร"),
    ("Somphone", "ສົມພອນ", "สมพร"), ("Bounthavy", "ບຸນທະວີ", "บุญทวี"),
    ("Douangchanh", "ດວງຈັນ", "ดวงจันทร์"), ("Phonesavanh", "ພອນສະຫວັນ", "พรสวรรค์"),
    ("Viengkham", "ວຽງຄຳ", "เวียงคำ"), ("Sengphet", "ແສງເພັດ", "แสงเพชร"),
    ("Chanthala", "ຈັນທະລາ", "จันทลา"), ("Khampheng", "ຄຳແພງ", "คำแพง"), ("Outhay", "ອຸໄທ", "อุไทย"),
    ("Latsamy", "ລັດສະໝີ", "รัศมี"), ("Alounny", "ອາລຸນນີ", "อรุณี"), ("Bouasone", "ບົວສອນ", "บัวสอน"),
)  # fmt: skip
LAO_FAMILY = (
    ("Phommachanh", "ພົມມະຈັນ", "พรหมจันทร์"), ("Sisouphanh", "ສີສຸພັນ", "ศรีสุพรรณ"),
    ("Vongsa", "ວົງສາ", "วงศา"), ("Keomany", "ແກ້ວມະນີ", "แก้วมณี"), ("Inthavong", "ອິນທະວົງ", "อินทวงศ์"),
    ("Sayavong", "ໄຊຍະວົງ", "ไชยวงศ์"), ("Phanthavong", "ພັນທະວົງ", "พันธวงศ์"),
    ("Douangmala", "ດວງມາລາ", "ดวงมาลา"), ("Souvannavong", "ສຸວັນນະວົງ", "สุวรรณวงศ์"),
    ("Chanthavong", "ຈັນທະວົງ", "จันทวงศ์"), ("Luangrath", "ຫຼວງລາດ", "หลวงราช"),
    ("Khounvilay", "ຄູນວິໄລ", "คูณวิไล"), ("Sengsouvanh", "ແສງສຸວັນ", "แสงสุวรรณ"),
    ("Bounyavong", "ບຸນຍະວົງ", "บุญญวงศ์"), ("Thammavong", "ທຳມະວົງ", "ธรรมวงศ์"),
    ("Rattanavong", "ຣັດຕະນະວົງ", "รัตนวงศ์"), ("Sihalath", "ສີຫາລາດ", "สีหาราช"),
    ("Vorachak", "ວໍລະຈັກ", "วรจักร"), ("Manivong", "ມະນີວົງ", "มณีวงศ์"), ("Lattanavong", "ລັດຕະນະວົງ", "ลัดตะนะวง"),
)  # fmt: skip
KHMER_GIVEN = (
    ("Sokha", "សុខា", "สุขา"), ("Dara", "ដារា", "ดารา"), ("Srey", "ស្រី", "สรี"), ("Vanna", "វណ្ណា", "วรรณา"),
    ("Pisey", "ពិសី", "พิสี"), ("Rithy", "រិទ្ធី", "ฤทธี"), ("Channa", "ចន្នា", "จันนา"),
    ("Bopha", "បុប្ផា", "บุปผา"), ("Sophea", "សុភា", "โสภา"), ("Sothea", "សុធា", "สุธา"),
    ("Vuthy", "វុទ្ធី", "วุฒิ"), ("Kosal", "កុសល", "กุศล"), ("Sreymom", "ស្រីមុំ", "สรีมม"),
    ("Chenda", "ចិន្តា", "จินดา"), ("Piseth", "ពិសិដ្ឋ", "พิสิษฐ์"), ("Sovann", "សុវណ្ណ", "สุวรรณ"),
    ("Makara", "មករា", "มกรา"), ("Kunthea", "គន្ធា", "คันธา"), ("Rathana", "រតនា", "รัตนา"),
    ("Sambath", "សម្បត្តិ", "สมบัติ"), ("Visal", "វិសាល", "วิศาล"), ("Leakhena", "លក្ខិណា", "ลักขิณา"),
    ("Sokunthea", "សុគន្ធា", "สุคันธา"), ("Raksmey", "រស្មី", "รัศมี"), ("Narith", "ណារិទ្ធ", "นาริทธิ์"),
    ("Chantrea", "ចន្ទ្រា", "จันทรา"), ("Kimheng", "គីមហេង", "คิมเฮง"), ("Sopheak", "សុភ័ក្ត្រ", "โสภัก"),
    ("Davy", "ដាវី", "ดาวี"), ("Mony", "មុនី", "มุนี"),
)  # fmt: skip
KHMER_FAMILY = (
    ("Chan", "ចាន់", "จันทร์"), ("Sok", "សុខ", "สุข"), ("Meas", "មាស", "มาส"), ("Heng", "ហេង", "เฮง"),
    ("Pich", "ពេជ្រ", "เพชร"), ("Kong", "គង់", "คง"), ("Sam", "សំ", "สัม"), ("Chea", "ជា", "เจีย"),
    ("Keo", "កែវ", "แก้ว"), ("Ly", "លី", "ลี"), ("Nhem", "ញឹម", "เญิม"), ("Sorn", "សន", "ซอน"),
    ("Touch", "ទូច", "ทูจ"), ("Yim", "យឹម", "ยึม"), ("Prak", "ប្រាក់", "ปรัก"), ("Hem", "ហែម", "แฮม"),
    ("Mao", "ម៉ៅ", "เมา"), ("Oum", "អ៊ុំ", "อุ๋ม"), ("Seng", "សេង", "เสง"), ("Vong", "វង្ស", "วงศ์"),
)  # fmt: skip

# Thai letters written in Lao letters, for Lao names that share their form with Thai names
# (most do: บุญมี / ບຸນມີ). A rough letter-for-letter mapping is enough for synthetic data.
_THAI_TO_LAO = str.maketrans(
    {
        "ก": "ກ", "ข": "ຂ", "ฃ": "ຂ", "ค": "ຄ", "ฅ": "ຄ", "ฆ": "ຄ", "ง": "ງ", "จ": "ຈ", "ฉ": "ສ",
        "ช": "ຊ", "ซ": "ຊ", "ฌ": "ຊ", "ญ": "ຍ", "ฎ": "ດ", "ฏ": "ຕ", "ฐ": "ຖ", "ฑ": "ທ", "ฒ": "ທ",
        "ณ": "ນ", "ด": "ດ", "ต": "ຕ", "ถ": "ຖ", "ท": "ທ", "ธ": "ທ", "น": "ນ", "บ": "ບ", "ป": "ປ",
        "ผ": "ຜ", "ฝ": "ຝ", "พ": "ພ", "ฟ": "ຟ", "ภ": "ພ", "ม": "ມ", "ย": "ຍ", "ร": "ຣ", "ฤ": "ລຶ",
        "ล": "ລ", "ฦ": "ລື", "ว": "ວ", "ศ": "ສ", "ษ": "ສ", "ส": "ສ", "ห": "ຫ", "ฬ": "ລ", "อ": "ອ",
        "ฮ": "ຮ", "ะ": "ະ", "ั": "ັ", "า": "າ", "ำ": "ຳ", "ิ": "ິ", "ี": "ີ", "ึ": "ຶ", "ื": "ື",
        "ุ": "ຸ", "ู": "ູ", "ฺ": "", "เ": "ເ", "แ": "ແ", "โ": "ໂ", "ใ": "ໃ", "ไ": "ໄ", "ๅ": "",
        "ๆ": "ໆ", "็": "", "่": "່", "้": "້", "๊": "໊", "๋": "໋", "์": "໌", "ํ": "ໍ",
    }
)  # fmt: skip


def thai_to_lao(text: str) -> str:
    return text.translate(_THAI_TO_LAO)


@cache
def thai_lists() -> tuple[list[str], list[str], list[str]]:
    """pythainlp's female, male and family names, sorted (a frozenset's order changes per run)."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    return sorted(thai_female_names()), sorted(thai_male_names()), sorted(thai_family_names())


@cache
def _royin(word: str) -> str:
    from pythainlp.transliterate import romanize

    return romanize(word, engine="royin")


def royin_name(thai_name: str) -> str:
    """A Thai name in royin Latin letters, each word capitalised (``Somchai Chaidi``)."""
    return " ".join(_royin(w).capitalize() for w in thai_name.split())


# --- the ways a name is written differently at a second intake ------------------------------
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
# Thai letters (and vowels) that sound the same: a second officer writing a name heard aloud
# picks another one of each group.
SOUND_GROUPS = (
    "ศษส", "ทธฑฒ", "พภ", "คฆ", "ชฌ", "ตฏ", "ดฎ", "ถฐ", "นณ", "ลฬ", "ยญ", "ขฃ", "ใไ",
)  # fmt: skip
_SOUND_OF = {ch: group for group in SOUND_GROUPS for ch in group}
THAI_CONSONANTS = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def is_thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e2e" for ch in text)


def without_tone_marks(name: str) -> str | None:
    stripped = "".join(ch for ch in name if ch not in TONE_MARKS)
    return stripped if stripped != name else None


def similar_sound(name: str, rng: random.Random) -> str | None:
    """One letter swapped for another that sounds the same (ศรีสุข → สรีสุข)."""
    places = [i for i, ch in enumerate(name) if ch in _SOUND_OF]
    if not places:
        return None
    i = rng.choice(places)
    others = [ch for ch in _SOUND_OF[name[i]] if ch != name[i]]
    return name[:i] + rng.choice(others) + name[i + 1 :]


def swapped(name: str) -> str | None:
    """Family name first (or, for a name of more words, the last word first)."""
    words = name.split()
    if len(words) < 2:
        return None
    return " ".join([words[-1], *words[:-1]])


def typo(name: str, rng: random.Random) -> str | None:
    """One letter wrong in one word of at least four letters: replaced, dropped, doubled or
    two neighbours swapped, as a hurried typist does."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_words:
        return None
    i = rng.choice(long_words)
    word = words[i]
    letters = THAI_CONSONANTS if is_thai(word) else LATIN_LETTERS
    # Only positions of letters (not of Thai vowel or tone marks standing alone).
    places = [j for j, ch in enumerate(word) if ch.lower() in letters]
    if not places:
        return None
    j = rng.choice(places)
    op = rng.choice(("replace", "drop", "double", "swap"))
    if op == "replace":
        new = rng.choice([c for c in letters if c != word[j].lower()])
        if word[j].isupper():
            new = new.upper()
        word = word[:j] + new + word[j + 1 :]
    elif op == "drop":
        word = word[:j] + word[j + 1 :]
    elif op == "double":
        word = word[: j + 1] + word[j] + word[j + 1 :]
    elif j + 1 < len(word):
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    else:
        word = word[: j - 1] + word[j] + word[j - 1]
    if word == words[i]:
        return None
    words[i] = word
    return " ".join(words)


def day_month_swapped(born: dt.date | None) -> dt.date | None:
    """15/03 written as 03/15: only where both readings are dates and differ."""
    if born is None or born.day > 12 or born.day == born.month:
        return None
    return born.replace(month=born.day, day=born.month)
