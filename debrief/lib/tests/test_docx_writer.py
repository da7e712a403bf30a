import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from debrief.lib.docx_writer import (
    ContentsEntry,
    ReportDocument,
    Section,
    Table,
    VolumeCover,
    report_docx,
    volume_docx,
)


def lighting_report() -> ReportDocument:
    return ReportDocument(
        title="市城市照明管理中心党支部书记抓基层党建工作述职报告",
        byline="党支部书记 王建国",
        meta=["现场述职 · 第1位", "状态：已审核通过"],
        sections=[
            Section(
                heading="一、履行职责情况及成效",
                paragraphs=[
                    "一年来，我认真履行党建工作第一责任人职责，全年主持召开支委会24次，专题研究党建工作6次。\n"
                    "坚持“三会一课”制度，讲授专题党课4次，带动班子成员到联系点调研12次。",
                    "围绕“亮灯工程”开展党员先锋岗创建，设立党员示范岗8个，完成主次干道路灯改造1260盏。",
                ],
            ),
            Section(
                heading="二、存在的问题及原因",
                paragraphs=["对照考核要求，主要存在以下问题："],
                items=[
                    "党建与业务融合不够紧密，部分党员对“党建+照明服务”理解不深。",
                    "发展党员工作统筹不足，35岁以下青年职工入党积极分子偏少。",
                    "支部活动形式较为单一，理论学习多以集中读文件为主。",
                ],
            ),
            Section(
                heading="三、下一步工作思路",
                paragraphs=["聚焦城市照明保障主责主业，推动党建工作与业务工作同谋划、同部署、同考核。"],
            ),
        ],
        tables=[
            Table(
                caption="主要指标完成情况",
                headers=["指标", "目标值", "完成值"],
                rows=[["党员学习教育参与率", "95%", "98.6%"], ["发展党员", "2名", "3名"]],
            )
        ],
        attachments_note="附件：1. 支部工作台账  2. 党员积分管理表",
    )


def drainage_report() -> ReportDocument:
    return ReportDocument(
        title="市排水管理处党总支书记抓基层党建工作述职报告",
        byline="党总支书记 李秀兰",
        meta=["书面述职"],
        sections=[
            Section(
                heading="一、履行职责情况及成效",
                paragraphs=["扎实推进汛期“党员突击队”建设，组织党员参与防汛值守1800余人次。"],
            ),
            Section(heading="二、存在的问题及原因", items=["对下属支部的指导督促力度不够。"]),
        ],
    )


def volume_parts():
    cover = VolumeCover(
        title="2022年度党组织书记抓基层党建工作述职评议考核",
        subtitle="述职报告汇编",
        host="中共渭川市住房和城乡建设局党组",
        date_line="2023年1月",
    )
    contents = [
        ContentsEntry(group="现场述职", label="1. 市城市照明管理中心党支部 王建国"),
        ContentsEntry(group="书面述职", label="1. 市排水管理处党总支 李秀兰"),
    ]
    return cover, "目  录", contents, [lighting_report(), drainage_report()]


def parse(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text]


def east_asia_font(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def appear_in_order(expected: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(any(text == candidate for candidate in remaining) for text in expected)


def starts_new_page(paragraph) -> bool:
    breaks = paragraph._p.xpath(".//w:br[@w:type='page']")
    return bool(paragraph.paragraph_format.page_break_before or breaks)


def test_a_report_shows_title_byline_headings_paragraphs_and_items_in_order():
    report = lighting_report()
    document = parse(report_docx(report))
    section_one, section_two, section_three = report.sections
    expected = [
        report.title,
        report.byline,
        *report.meta,
        section_one.heading,
        "一年来，我认真履行党建工作第一责任人职责，全年主持召开支委会24次，专题研究党建工作6次。",
        "坚持“三会一课”制度，讲授专题党课4次，带动班子成员到联系点调研12次。",
        section_one.paragraphs[1],
        section_two.heading,
        section_two.paragraphs[0],
        "1. 党建与业务融合不够紧密，部分党员对“党建+照明服务”理解不深。",
        "2. 发展党员工作统筹不足，35岁以下青年职工入党积极分子偏少。",
        "3. 支部活动形式较为单一，理论学习多以集中读文件为主。",
        section_three.heading,
        section_three.paragraphs[0],
        "主要指标完成情况",
        report.attachments_note,
    ]
    assert texts(document) == expected
    assert document.core_properties.title == report.title


def test_problems_are_numbered_from_one_in_the_given_order():
    report = lighting_report()
    found = texts(parse(report_docx(report)))
    numbered = [f"{number}. {item}" for number, item in enumerate(report.sections[1].items, start=1)]
    assert appear_in_order(numbered, found)
    assert found[found.index(numbered[0]) - 1] == "对照考核要求，主要存在以下问题："


def test_the_indicator_table_holds_the_headers_and_values_with_a_bold_header_row():
    document = parse(report_docx(lighting_report()))
    [table] = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["指标", "目标值", "完成值"],
        ["党员学习教育参与率", "95%", "98.6%"],
        ["发展党员", "2名", "3名"],
    ]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.style.name == "Table Grid"


def test_styles_name_the_chinese_fonts_through_east_asia():
    document = parse(report_docx(lighting_report()))
    assert east_asia_font(document.styles["Normal"]) == "仿宋_GB2312"
    assert east_asia_font(document.styles["Heading 2"]) == "黑体"
    assert east_asia_font(document.styles["Heading 1"]) == "方正小标宋简体"
    assert document.styles["Normal"].font.size.pt == 16
    assert document.styles["Normal"].paragraph_format.line_spacing.pt == 28
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    assert defaults.get(qn("w:eastAsia")) == "zh-CN"


def test_section_headings_use_heading_two_and_the_title_heading_one():
    report = lighting_report()
    document = parse(report_docx(report))
    by_style = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert [text for style, text in by_style if style == "Heading 1"] == [report.title]
    assert [text for style, text in by_style if style == "Heading 2"] == [s.heading for s in report.sections]


def test_pages_are_a4_with_official_document_margins():
    section = parse(report_docx(lighting_report())).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(margin.cm, 1) for margin in margins] == [3.7, 3.5, 2.8, 2.6]


def test_the_footer_numbers_pages_with_a_page_field():
    footer = parse(report_docx(lighting_report())).sections[0].footer
    assert [instr.strip() for instr in footer._element.xpath(".//w:fldSimple/@w:instr")] == ["PAGE"]
    assert footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_volume_lists_the_cover_then_contents_groups_and_entries_in_order():
    cover, heading, contents, reports = volume_parts()
    found = texts(parse(volume_docx(cover, heading, contents, reports)))
    expected = [cover.title, cover.subtitle, cover.host, cover.date_line, heading]
    expected += ["现场述职", contents[0].label, "书面述职", contents[1].label]
    assert found[: len(expected)] == expected


def test_each_volume_report_starts_a_new_page_under_its_heading_one_title():
    cover, heading, contents, reports = volume_parts()
    document = parse(volume_docx(cover, heading, contents, reports))
    titles = [paragraph for paragraph in document.paragraphs if paragraph.style.name == "Heading 1"]
    assert [paragraph.text for paragraph in titles] == [report.title for report in reports]
    assert all(starts_new_page(paragraph) for paragraph in titles)
    contents_heading = next(paragraph for paragraph in document.paragraphs if paragraph.text == heading)
    assert starts_new_page(contents_heading)


def test_the_volume_keeps_every_report_body_and_table():
    cover, heading, contents, reports = volume_parts()
    document = parse(volume_docx(cover, heading, contents, reports))
    found = texts(document)
    assert appear_in_order(
        [reports[0].byline, "3. 支部活动形式较为单一，理论学习多以集中读文件为主。"], found
    )
    assert appear_in_order([reports[1].title, reports[1].byline, "1. 对下属支部的指导督促力度不够。"], found)
    assert len(document.tables) == 1
    assert document.core_properties.title.startswith(cover.title)


def test_the_volume_cover_has_no_page_number_but_later_pages_do():
    cover, heading, contents, reports = volume_parts()
    section = parse(volume_docx(cover, heading, contents, reports)).sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_footer._element.xpath(".//w:fldSimple")
    assert section.footer._element.xpath(".//w:fldSimple")


def test_line_breaks_become_separate_paragraphs_and_control_characters_are_dropped():
    report = ReportDocument(
        title="党支部书记述职报告",
        byline="党支部书记 张伟",
        sections=[Section(heading="一、基本情况", paragraphs=["第一段\x0b内容\r\n\n　　第二段内容"])],
    )
    found = texts(parse(report_docx(report)))
    assert found[-2:] == ["第一段内容", "第二段内容"]


def test_short_table_rows_are_padded_and_long_ones_keep_every_value():
    report = ReportDocument(
        title="述职报告",
        byline="书记 赵敏",
        tables=[
            Table(caption="指标", headers=["项目", "数值"], rows=[["党员人数"], ["党课", "4次", "另计"]])
        ],
    )
    [table] = parse(report_docx(report)).tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["项目", "数值", ""],
        ["党员人数", "", ""],
        ["党课", "4次", "另计"],
    ]


def test_the_same_report_renders_the_same_document_body():
    first, second = parse(report_docx(lighting_report())), parse(report_docx(lighting_report()))
    assert first.element.xml == second.element.xml
    assert first.styles.element.xml == second.styles.element.xml
