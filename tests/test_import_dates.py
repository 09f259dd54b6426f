"""Release dates in every style the ten languages write them (workflow.sources.intake.dates)."""
from __future__ import annotations

import datetime as dt

import pytest

from workflow.sources.intake.dates import find_date, find_dates

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("Date : 2019-12-10 17:35:43", D(2019, 12, 10)),                        # ISO
    ("2021.01.22 과학기술정보통신부", D(2021, 1, 22)),                          # Korean dotted
    ("2019. 12. 7.(토) 조간", D(2019, 12, 7)),                                 # Korean dotted with spaces
    ("2021년 1월 22일(금)", D(2021, 1, 22)),                                   # Korean 년 월 일
    ("17 January 2003", D(2003, 1, 17)),                                     # English day-month-year
    ("SEOUL, 6 August 2014 – Philippine Ambassador", D(2014, 8, 6)),
    ("held on December 6, 2018 in Bali", D(2018, 12, 6)),                   # English month-day-year
    ("Dec.7,2018", D(2018, 12, 7)),                                          # abbreviation without a space
    ("03 Aug,2023", D(2023, 8, 3)),
    ("SEOUL, Korea, Sept. 12, 2023 -- The Ministry", D(2023, 9, 12)),
    ("December 7th, 2018", D(2018, 12, 7)),
    ("on 14-15 November 2013.", D(2013, 11, 14)),                           # a range: its first day
    ("12/08/2023 20:10", D(2023, 8, 12)),                                   # day/month/year
    ("Senin (13/11/2023)", D(2023, 11, 13)),
    ("12/31/2023", D(2023, 12, 31)),                                        # month/day when the day is > 12
    ("(Yogyakarta, 19 Pebruari 2009).", D(2009, 2, 19)),                   # Indonesian, old spelling
    ("Jumat, 3 Februari 2023", D(2023, 2, 3)),
    ("12 Januari 2024", D(2024, 1, 12)),                                    # Malay
    ("12 Enero 2024", D(2024, 1, 12)),                                      # Filipino
    ("Ngày 25/02/2011, Bộ trưởng", D(2011, 2, 25)),                         # Vietnamese
    ("ngày 25 tháng 2 năm 2011", D(2011, 2, 25)),
    ("ระหว่างวันที่ ๑๖ – ๑๗ มกราคม ๒๕๖๓ ณ", D(2020, 1, 16)),                   # Thai digits, Buddhist Era
    ("(4 กรกฎาคม 2562, 10:12:12)", D(2019, 7, 4)),                           # Thai month, Buddhist Era
    ("4 ก.ค. 2562", D(2019, 7, 4)),                                          # Thai abbreviation
    ("ថ្ងៃសុក្រ ទី២៨ ខែកញ្ញា ឆ្នាំ២០១៨", D(2018, 9, 28)),                          # Khmer digits and month
    ("ថ្ងៃ ពុធ, 19 ឧសភា, 2021", D(2021, 5, 19)),
    ("သတင်းထုတ်ပြန်ချက်(၁၂-၁-၂၀၂၃ ရက်)", D(2023, 1, 12)),                        # Burmese digits
    ("၂၃ ဖေဖော်ဝါရီ ၂၀၂၄", D(2024, 2, 23)),                                       # Burmese month
    ("၂၀၂၃ ခုနှစ် ဇန်နဝါရီ ၁၂ ရက်", D(2023, 1, 12)),                                # Burmese year-month-day
    ("ວັນທີ ໒໒ ເດືອນ ມັງກອນ ປີ ໒໐໒໔", D(2024, 1, 22)),                           # Lao digits and month
    ("22 ມັງກອນ 2567", D(2024, 1, 22)),                                       # Lao, Buddhist Era
    ("ตั้งแต่ 14 มิ.ย. 65 เวลา 10:00", D(2022, 6, 14)),                           # Thai, two-digit Buddhist Era year
    ("ประชุมวันที่7ธันวาคม2561เวลา", D(2018, 12, 7)),                             # Thai without spaces
    ("ဒီဇင်ဘာလ ၇ ရက်၊ ၂၀၁၈", D(2018, 12, 7)),                                    # Burmese month-day, year
    ("၇ ရက် ဒီဇင်ဘာလ ၂၀၁၈", D(2018, 12, 7)),
    ("Friday, December 7, 2018", D(2018, 12, 7)),
    ("7 Disember 2018", D(2018, 12, 7)),                                    # Malay
    ("Disyembre 7, 2018", D(2018, 12, 7)),                                  # Filipino
    ("07.12.2018", D(2018, 12, 7)),
    ("23 04-2019", D(2019, 4, 23)),                                         # a date box, day apart (kominfo.go.id)
    ("  28 09-2021 ", D(2021, 9, 28)),
])
def test_date_styles(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize("text", [
    "Dec. 7", "ဖေဖော်ဝါရီ ၂၃", "3. 14.(목)", "in March 2023", "Marsudi 2023", "31/02/2023", "version 1.2.2023.4",
    "Tel. 044-202-4321", "3 May 23", "4 Dec 62",
    "Pasal 23 04-2019 berlaku", "31 02-2019", "23 13-2019",  # a date box only as a whole line, and a real date
])
def test_partial_or_impossible_dates_are_not_release_dates(text):
    assert find_date(text) is None


def test_dates_are_found_in_reading_order_with_offsets():
    text = "Posted 2019-12-10. The meeting on 7 December 2018 adopted it."
    found = find_dates(text)
    assert [m.date for m in found] == [D(2019, 12, 10), D(2018, 12, 7)]
    assert text[found[1].start:found[1].end] == "7 December 2018"
