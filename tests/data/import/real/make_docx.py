"""Build the .docx fixtures from the real release text (layout ours, text the publisher's)."""
from docx import Document
from docx.shared import Pt

def en():
    d = Document()
    d.core_properties.title = ""
    d.add_paragraph("ASEAN Secretariat")
    d.add_heading("Chairman’s Press Statement ASEAN TELMIN + 1 Sessions with Dialogue Partners, 19 September 2006, Brunei Darussalam", level=0)  # Word's Title style
    p = d.add_paragraph(); r = p.add_run("Enhancing ICT Competitiveness: Capacity Building"); r.italic = True
    d.add_paragraph("1. The ASEAN Telecommunications & IT Ministers Meeting (TELMIN) + 1 with ASEAN Dialogue Partners, China, Japan,  Korea and India were held on 19 September 2006 in Brunei Darussalam, preceded by the TELSOM + 1 on 15-16 September 2006.")
    d.add_paragraph("2.  H.E. Pehin Abu Bakar Apong, Minister of Communications for Brunei Darussalam, chaired the TELMIN + 1 Sessions with ASEAN Dialogue Partners. ICT Ministers from ASEAN Member Countries, China, Japan, Korea, India, and the Secretary-General of ASEAN were present.")
    p = d.add_paragraph("3. In the TELMIN + 1 Sessions, Ministers discussed regional and international developments in the ")
    r = p.add_run("ICT sector"); r.bold = True
    p.add_run(", and in particular, on the practical and strategic actions to foster collective and enduring cooperation in the ICT sector.")
    d.save("en_asean_telmin1_2006.docx")

def ko():
    d = Document()
    d.add_paragraph("보도자료")
    t = d.add_table(rows=3, cols=4)
    for row, cells in zip(t.rows, [("게시일", "2015.09.03.", "조회수", "2922"),
                                    ("담당부서", "외신협력과(044-203-3352)", "담당자", "임희오"),
                                    ("본문파일", "", "붙임파일", "")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    h = d.add_paragraph(); r = h.add_run("해외문화홍보원-연합뉴스, 국가 홍보 위해 손잡는다"); r.bold = True; r.font.size = Pt(20)
    d.add_paragraph("- 9월 3일 업무협약 체결, 한국 홍보 및 국가이미지 제고 위해 상호 협력 -")
    d.add_paragraph("")
    d.add_paragraph("  정부의 대표적 해외홍보 기관인 문화체육관광부 해외문화홍보원(원장 박영국, 이하 해문홍)과 국가기간 뉴스통신사인 연합뉴스(사장 박노황)가 손잡고 국가홍보 강화에 나선다.")
    d.add_paragraph("  해문홍과 연합뉴스는 9월 3일(목) 서울 종로구에 있는 연합뉴스 본사에서 업무협약을 체결했다. 이번 협약 체결은 한국에 대한 올바른 이해 확산과 국가이미지 제고를 위한 국내외 해외홍보 활동에 대해 양측이 긴밀히 협력하고자 마련됐다.")
    d.save("ko_mcst_kocis_yonhap.docx")

en(); ko()
