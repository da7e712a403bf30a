"""What the demo ledgers' secretaries and organizers wrote: data for rectification.py.

A ledger item's timeline speaks of its own problem. Problems come from reports (report_texts.py),
leaders' comments (meeting_texts.py) and two inspections entered by hand, so the texts here are
grouped by theme, the kind of problem a report's opening sentence names (理论学习, 安全生产, 网格…),
each with progress notes, how the item was rectified (the submission), the organizer's
verification on sign-off and the evidence filed. Templates take slots filled from the item:
``{site}`` one of the unit's own places named in the problem, ``{safety}``, ``{complaint}``,
``{business}``, ``{task}``, ``{brand}``, ``{issue}``, ``{grids}`` from the problem's wording or the
unit's line of work, ``{meeting}`` the body's own committee meeting (支部委员会, 党委会),
``{office}`` and ``{discipline}`` the host's organization and discipline offices, ``{date}`` the day
of the entry, ``{person}`` an invented name, and ``{3-8}`` a number in range.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from . import report_texts

SLOT = re.compile(r"\{([a-z]+|\d+-\d+)\}")


@dataclass(frozen=True)
class Theme:
    key: str
    words: tuple[str, ...]  # any of them in the problem's opening sentence
    progress: tuple[str, ...]  # in the order the work goes
    done: tuple[str, ...]  # the submission: how the problem was rectified
    verify: tuple[str, ...]  # the organizer's remarks on sign-off
    photos: tuple[str, ...]  # evidence photos' file names
    report: str = "整改情况报告"  # the submitted report's file name, without the suffix


def theme(key, words, *, progress, done, verify, photos, report="整改情况报告") -> Theme:
    return Theme(key, tuple(words), tuple(progress), tuple(done), tuple(verify), tuple(photos), report)


# --- Themes of the problems reports find in themselves (and comments like them) --------------------

THEMES = (
    theme(
        "study",
        ("理论学习",),
        progress=(
            "已制定个人学习计划，明确每月自学不少于{10-12}小时，建立个人学习台账，{date}起按周记录自学内容和心得体会。",
            "{date}参加{meeting}专题学习研讨并作重点发言；到{site}开展专题调研，与一线党员座谈{2-3}次，梳理出具体问题{3-6}个。",
            "围绕调研发现的问题形成调研报告1篇，提出改进措施{3-5}条，其中{2-3}条已在{site}落实。",
        ),
        done=(
            "个人学习计划已落实，截至{date}累计自学{20-36}学时，撰写学习心得{3-5}篇；到{site}等基层点位开展专题调研{2-3}次，"
            "调研报告提出的{3-5}条措施已推动落实，学用脱节的问题得到整改。",
            "建立了个人学习台账和“学、研、用”清单，到{site}开展专题调研{2-3}次，针对调研发现的问题制定措施{3-5}条，已落实{3-4}条，申请销号。",
        ),
        verify=(
            "经查阅个人学习台账、心得体会和调研报告，自学时长和调研次数达到整改要求，同意销号。",
            "学习计划执行到位，调研成果已转化为具体措施并在{site}落地，整改完成，同意销号。",
        ),
        photos=("学习笔记.png", "专题调研座谈会.png"),
        report="专题调研报告",
    ),
    theme(
        "responsibility",
        ("第一责任人", "党建责任", "精力投入"),
        progress=(
            "已修订年度党建工作要点，建立书记抓党建任务清单，明确重点任务{6-10}项；{date}召开{meeting}专题研究党建工作。",
            "建立党建工作“月调度”制度，{date}到{site}督导党建工作，现场反馈问题{2-4}个，已建立问题清单逐项跟踪。",
            "{date}召开{meeting}听取各支部党建工作汇报，对{site}等处的{2-3}项滞后任务明确完成时限。",
        ),
        done=(
            "近{2-3}个月专题研究党建工作{2-3}次，书记抓党建任务清单{6-10}项中已完成{4-6}项，其余按计划推进；"
            "对{site}等处的督导实行“交办—反馈—复查”闭环管理，整改到位。",
        ),
        verify=(
            "经查阅{meeting}会议记录和督导台账，专题研究党建工作的次数和督导问题的闭环管理符合要求，同意销号。",
            "任务清单、调度记录齐全，{office}{person}到{site}抽查，督导发现的问题已整改，同意销号。",
        ),
        photos=("党建工作专题会议.png", "督导检查现场.png"),
        report="书记抓党建任务清单落实情况",
    ),
    theme(
        "organization_life",
        ("三会一课", "组织生活质量"),
        progress=(
            "已制定“三会一课”和主题党日年度计划，{date}召开{meeting}研究改进主题党日形式，确定“学习+实践”等{3-4}种活动方式。",
            "{date}在{site}开展“学习+服务”主题党日，组织党员结合{task}交流研讨，{8-20}名党员发言。",
        ),
        done=(
            "“三会一课”和主题党日已按计划开展，近{2-3}个月的主题党日均安排联系实际的研讨环节，会议记录规范完整；"
            "到{site}等支部督导组织生活{2-3}次。",
        ),
        verify=(
            "抽查{site}等支部的会议记录和主题党日资料，组织生活内容和记录符合要求，同意销号。",
            "经列席{site}主题党日并查阅记录，研讨环节落实到位，同意销号。",
        ),
        photos=("主题党日活动.png", "三会一课记录本.png"),
    ),
    theme(
        "members",
        ("党员教育管理", "党员队伍建设", "先锋模范", "流动党员", "党费"),
        progress=(
            "已逐一摸排，建立流动党员和年老体弱党员动态台账，登记{5-14}人，明确{person}等委员{2-3}人分片联系。",
            "{date}为{site}{2-5}名年老体弱党员送学上门；对长期较少参加组织生活的党员逐一谈心谈话，已谈{2-6}人。",
        ),
        done=(
            "流动党员、年老体弱党员台账已建立并动态更新，长期较少参加组织生活的党员已全部谈心谈话，"
            "{date}以来均按时参加组织生活或通过网络参学。",
        ),
        verify=(
            "经核对党员台账、谈心谈话记录和参学记录，整改到位，同意销号。",
            "抽查{site}的党员参学记录，长期未参加组织生活的情况已改变，同意销号。",
        ),
        photos=("送学上门.png", "党员动态台账.png"),
    ),
    theme(
        "brand",
        ("党建品牌", "党建工作创新"),
        progress=(
            "已制定“{brand}”党建品牌提升方案，确定{site}为示范点，明确品牌建设任务{4-6}项。",
            "{date}在{site}召开品牌建设现场推进会，梳理典型做法{2-4}个，正在总结提炼。",
        ),
        done=(
            "“{brand}”党建品牌提升方案已落实，{site}示范点建成并投入使用，总结提炼可复制的典型案例{2-3}个，已在系统内交流。",
        ),
        verify=("经实地查看{site}示范点并审阅典型案例材料，品牌建设任务已完成，同意销号。",),
        photos=("示范点建设.png", "品牌建设推进会.png"),
        report="党建品牌典型案例",
    ),
    theme(
        "discipline",
        ("一岗双责", "从严治党", "日常监督", "以案促改"),
        progress=(
            "已召开{meeting}专题研究，对{site}等处出现的苗头性问题逐一提醒谈话{2-5}人次，建立提醒谈话台账。",
            "{date}组织党员干部观看警示教育片并开展以案促改讨论，结合本单位廉政风险点修订防控措施{4-9}条。",
        ),
        done=(
            "苗头性问题已全部提醒谈话并跟踪整改，警示教育改为“看案例、查风险、定措施”方式开展，"
            "谈心谈话实现班子成员和支部委员全覆盖。",
        ),
        verify=(
            "经查阅谈话台账、警示教育记录和修订后的风险防控措施，同意销号。",
            "会同{discipline}核查，提醒谈话和警示教育落实到位，同意销号。",
        ),
        photos=("警示教育会.png", "廉洁承诺书.png"),
    ),
    theme(
        "standards",
        ("标准化", "基层党组织建设不够均衡"),
        progress=(
            "已对照支部标准化规范化建设标准开展“回头看”，梳理台账资料、阵地使用等方面问题{4-8}个，建立整改清单。",
            "{site}的党员活动阵地已重新布置，制定阵地使用计划，{date}以来开展活动{2-5}次；各支部台账按统一目录补齐。",
        ),
        done=(
            "支部台账已按统一目录整理规范，组织生活记录补充完整；{site}党员活动阵地实行活动预约和使用登记，近两个月使用{5-9}次。",
        ),
        verify=("经现场查看{site}阵地并抽查台账资料，符合支部标准化规范化建设要求，同意销号。",),
        photos=("党员活动室.png", "支部台账.png"),
    ),
    theme(
        "integration",
        ("两张皮", "党建与业务融合"),
        progress=(
            "已围绕{business}新设党员先锋岗{3-7}个、党员责任区{2-5}个，{date}在{site}举行授牌仪式。",
            "制定党员先锋岗考核办法，把{task}中的攻坚任务分解到岗到人，每月通报一次。",
        ),
        done=(
            "党员先锋岗{3-7}个、党员责任区{2-5}个已在{site}等一线全部设立并挂牌，考核办法已执行两个月，党建考核与业务考核同步开展。",
        ),
        verify=("经实地查看{site}先锋岗挂牌和考核记录，融合措施已落地见效，同意销号。",),
        photos=("党员先锋岗授牌.png", "党员责任区公示牌.png"),
    ),
    theme(
        "service",
        ("服务群众", "维修不及时"),
        progress=(
            "已建立群众诉求台账，对{complaint}等投诉逐件登记、专人跟踪，{date}前已回访{6-15}件。",
            "在{site}先行试点党员走访服务，由党员{person}牵头，{date}走访{20-60}户，收集意见建议{5-12}条，已解决{3-8}条。",
        ),
        done=(
            "群众诉求台账已运行，{complaint}等投诉办结率达到{92-99}%，党员每月走访服务已形成制度，{site}的试点做法已在全单位推开。",
        ),
        verify=("随机电话回访投诉群众{5-8}户，反映的问题均已解决，同意销号。",),
        photos=("党员走访服务.png", "群众诉求台账.png"),
    ),
    theme(
        "safety",
        ("安全生产",),
        progress=(
            "已在{site}等处划定党员安全责任区{2-5}个，由{person}等党员担任责任人，{date}组织{safety}隐患专项排查，发现隐患{5-15}处。",
            "排查发现的隐患已整改{4-12}处，其余已落实防范措施；安全生产已纳入党员积分管理，{date}起执行。",
        ),
        done=(
            "党员安全责任区已设立并挂牌，{safety}隐患排查每月开展，排查出的隐患已全部整改闭环，党员安全积分管理已实行。",
        ),
        verify=("经现场查看{site}党员安全责任区和隐患排查整改台账，同意销号。",),
        photos=("党员安全责任区.png", "隐患排查现场.png"),
    ),
    theme(
        "young_members",
        ("青年党员", "后备力量", "发展党员", "后继乏力", "年龄偏大"),
        progress=(
            "已在{site}等一线班组摸排35岁以下业务骨干{6-15}名，{date}召开{meeting}确定重点培养对象{2-4}名，落实培养联系人。",
            "{date}召开{meeting}，确定{person}等入党积极分子{2-4}名，已报上级党组织备案。",
        ),
        done=(
            "已确定入党积极分子{2-4}名并落实培养联系人，{site}等班组的“双培养”计划已建立；发展党员是长期任务，已纳入年度发展计划持续推进。",
        ),
        verify=(
            "入党积极分子确定程序规范、材料齐全，“双培养”机制已建立，同意销号，发展党员工作纳入日常督导。",
        ),
        photos=("入党积极分子培养座谈.png",),
    ),
    theme(
        "grid",
        ("网格",),
        progress=(
            "已对社区{grids}个网格党小组逐一分析，调整网格党小组长{1-2}名，建立网格党小组月例会制度。",
            "{date}起推行“网格发现、社区吹哨、部门报到”，网格员上报问题{10-30}件，已办结{8-25}件。",
        ),
        done=(
            "网格党小组已调整充实，月例会制度运行正常，网格上报问题实行台账管理，近两个月办结率{92-98}%。",
        ),
        verify=("抽查{2-3}个网格的例会记录和问题台账，整改落实，同意销号。",),
        photos=("网格党小组例会.png", "网格走访.png"),
    ),
    theme(
        "dual_check_in",
        ("双报到",),
        progress=(
            "已梳理居民需求、辖区资源、服务项目“三张清单”，发布服务项目{8-15}个，{date}起实行“社区点单、党员接单”。",
            "{date}组织在职党员开展服务活动{2-4}次，参与{20-40}人次，参与情况已反馈所在单位党组织。",
        ),
        done=("“三张清单”已建立，在职党员参与社区服务的比例提高到{55-70}%，参与情况按季度反馈所在单位。",),
        verify=("经查阅报到服务台账和反馈函，在职党员参与服务明显增加，同意销号。",),
        photos=("在职党员服务活动.png", "三张清单公示.png"),
    ),
    theme(
        "property",
        ("物业", "老旧小区改造"),
        progress=(
            "{date}召开小区党支部、业委会和物业企业三方联席会议，围绕{issue}问题形成解决意见{2-4}条。",
            "已在{site}建立“三方联动”议事机制，由小区党支部书记{person}召集，每月召开一次联席会议，{issue}问题已在{1-2}个楼栋落实。",
        ),
        done=(
            "“三方联动”机制已在{site}等小区运行，{issue}问题已协调解决，{date}组织居民满意度测评，满意率{85-95}%。",
        ),
        verify=("经入户走访并查阅联席会议记录，问题已解决，同意销号。",),
        photos=("三方联席会议.png", "小区议事现场.png"),
    ),
    theme(
        "volunteering",
        ("志愿服务",),
        progress=(
            "已重新梳理“{brand}”志愿服务项目{4-8}个，按在职党员的时间安排周末和晚间服务。",
            "{date}组织在职党员和青年党员开展志愿服务{2-4}场，参与{20-50}人次。",
        ),
        done=("志愿服务实行项目化管理，在职党员参与人次明显增加，“{brand}”服务已覆盖{site}等小区。",),
        verify=("经查阅志愿服务记录并走访服务对象，常态化机制已建立，同意销号。",),
        photos=("志愿服务活动.png",),
    ),
)

# Any other problem (a copied report's reworded ones, a leader's comment).
GENERAL = theme(
    "general",
    (),
    progress=(
        "已召开{meeting}专题研究，对照问题制定整改方案，明确整改措施{3-5}条、责任人和完成时限。",
        "整改方案中的{2-3}项措施已落实，{date}到{site}检查整改进展，其余措施按计划推进。",
    ),
    done=("整改方案明确的{3-5}项措施已全部落实，相关制度已建立并执行，经{meeting}审议，申请销号。",),
    verify=("经查阅整改台账和佐证材料，整改措施落实到位，同意销号。",),
    photos=("整改会议.png", "整改现场.png"),
)

# Returned, and resubmitted: the organizer's remarks, and what the secretary added.
RETURNS = (
    (
        "佐证材料只有会议通知和照片，缺少会议记录和具体整改成果，请补充后重新提交。",
        "根据退回意见，补充了{meeting}会议记录和整改前后对比材料。",
    ),
    (
        "整改措施中需长期坚持的部分没有具体时间安排，请细化后续工作的时间节点和责任人。",
        "已按退回意见细化后续工作安排，明确了{2-3}个时间节点和具体责任人。",
    ),
    (
        "整改情况只讲了做了什么，没有说明问题是否真正解决，请补充{site}的实际成效。",
        "已补充{site}的整改成效和群众、党员的反馈情况。",
    ),
    (
        "照片不能反映整改内容，请提供台账、记录等原始材料。",
        "已补充相关台账和原始记录的扫描件。",
    ),
    (
        "整改情况报告未经{meeting}研究，请履行程序后再提交。",
        "已于{date}召开{meeting}审议整改情况报告，会议记录一并提交。",
    ),
)

# Last year's items left unfinished when the year ran out: the last progress note.
DELAYS = (
    "受{task}任务集中影响，部分措施进度滞后，已调整计划，剩余工作继续推进。",
    "已完成大部分措施，剩余措施需长期坚持，正在按调整后的计划推进。",
    "因人员调整，整改工作一度停滞，已明确由{person}具体负责，剩余措施正在推进。",
)


# --- Leaders' comments at the housing bureau's meeting: first steps taken the same afternoon -------

# Words of a comment problem (meeting_texts.HOUSING) -> the unit's first progress note.
COMMENT_FIRST_STEPS = (
    (
        "述职报告讲业务工作多",
        "已按局党组退回意见重新梳理述职报告，围绕书记第一责任人职责补充抓党建的具体做法和查摆的问题，修改稿本周内报局组织人事科。",
    ),
    (
        "“三会一课”质量不高",
        "已制定支部“三会一课”和主题党日计划，一线维修班组党员采取“线上+线下”方式参加组织生活，下月主题党日安排在路灯维护一线开展。",
    ),
    (
        "路灯配件采购",
        "已暂停路灯配件零星采购，组织对近两年{8-15}个维修外包项目逐项自查，正在修订小额采购和外包管理办法，实行采购、验收、付款相互分离。",
    ),
    (
        "先支出、后上会",
        "会后召开党委会，对近两年大额资金支出逐笔清查，梳理出先支出、后上会的情况{2-4}笔，正在逐笔说明原因、补正程序，同步修订“三重一大”事项清单。",
    ),
    (
        "审查人员与中介机构",
        "已向全体审查人员重申廉洁纪律要求，签订廉洁承诺书{12-20}份，正在建立审查人员与中介机构、建设单位接触报备制度。",
    ),
    (
        "承租户反映的维修不及时",
        "已梳理近半年承租户维修诉求{30-60}件，对未办结的{5-12}件逐件明确责任人和办结时限。",
    ),
    (
        "公房承租、转租",
        "已成立专项清理工作组，对公房承租、转租、调换业务开展清理，首批抽查{50-120}户，建立问题台账。",
    ),
    (
        "拖欠农民工工资",
        "已对在建项目农民工工资专户逐一排查，{6-9}个项目专户运行正常，{1-2}个项目存在代发不及时的问题，已督促限期整改。",
    ),
)

# Comment problems that take longer than the usual three months.
LONG_TERM_WORDS = ("发展党员", "后备力量", "党建品牌", "全覆盖", "混合所有制", "临时党支部", "年龄偏大")


# --- Two items entered by hand, from inspections before the reports came in ---------------------


@dataclass(frozen=True)
class Step:
    kind: str  # "progress", "submit", "return"
    days: int  # after the item was entered
    text: str
    files: tuple[str, ...] = ()  # file names: .png drawn, .pdf written from the item


@dataclass(frozen=True)
class ManualItem:
    unit: str  # two-digit number of the bureau's unit
    entered_days_ago: int
    source_note: str  # "{month}": the month it was entered
    description: str
    category: str  # a Category value
    measures: tuple[str, ...]
    deadline_days: int
    steps: tuple[Step, ...] = field(default=())


MANUAL = (
    ManualItem(
        unit="10",
        entered_days_ago=40,
        source_note="局党组基层党建工作专项督查（{month}月）",
        description="党费收缴不够规范。督查抽查发现，所属3个党支部未按规定核定党费交纳基数，2名党员连续6个月未交纳党费，"
        "党费收缴台账与财务入账记录不一致。",
        category="members",
        measures=(
            "重新核定全体党员党费交纳基数并经本人签字确认",
            "督促未按时交纳党费的党员补交，无正当理由的按规定处理",
            "党费收缴台账与财务入账每季度核对一次",
        ),
        deadline_days=30,
        steps=(
            Step(
                "progress",
                6,
                "已召开党委会专题研究，组织各支部重新核定党费交纳基数，3个支部{60-90}名党员的核定表已全部签字确认。",
                ("党费基数核定表.png",),
            ),
            Step(
                "progress",
                15,
                "2名党员已补交党费，其中1人因长期外派未及时交纳，已谈话提醒；党费台账与财务入账已逐月核对。",
            ),
            Step(
                "submit",
                22,
                "党费交纳基数已全部重新核定，欠交党费已补交，台账与财务记录核对一致，建立了季度核对制度。",
                ("党费收缴整改情况报告.pdf",),
            ),
            Step(
                "return",
                25,
                "补交凭证只有支部收据，缺少财务入账凭证；党费基数核定表看不出党员本人签字，请补充后重新提交。",
            ),
            Step(
                "submit",
                29,
                "已补充财务入账凭证3份和经党员本人签字的党费基数核定表扫描件，季度核对制度文件一并提交。",
                ("财务入账凭证.png", "党费基数核定表（签字）.png"),
            ),
        ),
    ),
    ManualItem(
        unit="18",
        entered_days_ago=35,
        source_note="市委第三巡察组巡察反馈意见（{month}月）",
        description="党委前置研究讨论重大经营管理事项清单未及时修订，今年新设立的2家子公司的股权投资事项未纳入清单，"
        "个别事项由经理层直接决策。",
        category="responsibility",
        measures=(
            "修订党委前置研究讨论重大经营管理事项清单",
            "对今年以来未经前置研究的事项逐项复核",
            "将新设子公司纳入前置研究清单管理",
        ),
        deadline_days=90,
        steps=(
            Step(
                "progress",
                8,
                "已对今年以来的重大经营管理事项逐项复核，梳理出未经党委前置研究的事项2项，已提交党委会补充研究。",
            ),
            Step(
                "progress",
                20,
                "党委前置研究讨论重大经营管理事项清单修订稿已经党委会审议，新增子公司股权投资等事项4类，正在报局党组备案。",
                ("前置研究事项清单（修订稿）.pdf",),
            ),
        ),
    ),
)


# --- Filling the templates -----------------------------------------------------------------------

_NAME_CHARS = "东西南北兴华新民安康乐福祥瑞丰盛明阳光春晖枫林桥湖河山水园景锦绣翠馨怡泰宁润泽嘉星龙凤金玉梅兰竹松柏杨柳桃和平永昌隆顺德清"
# A unit's or community's own places, as report_texts names them (东祥项目部, 桥锦小区).
SITE = re.compile(f"[{_NAME_CHARS}]{{2}}(?:项目部|运维站|服务站|片区|班组|小区|家属院|花园|苑|里(?!社区))")
FOCUS = {
    "safety": re.compile(r"在([^，。]+?)等重点环节"),
    "complaint": re.compile(r"关于([^，。]+?)的(?:投诉|反映)"),
    "business": re.compile(r"围绕([^，。]+?)(?:设立|设置)"),
    "brand": re.compile(r"“([^”]{2,8})”(?:党建品牌|服务)"),
    "issue": re.compile(r"(?:在|对)([^，。]+?)等问题上"),
    "grids": re.compile(r"社区(\d+)个网格"),
}
MEETINGS = (("党支部", "支部委员会"), ("党总支", "党总支委员会"), ("党委", "党委会"), ("党组", "党组会"))


def theme_of(description: str) -> Theme:
    """The theme the problem's opening sentence names; a comment's wording is matched whole."""
    opening = description.split("。", 1)[0]
    for text in (opening, description):
        for found in THEMES:
            if any(word in text for word in found.words):
                return found
    return GENERAL


def heading(description: str) -> str:
    """The problem in a few words: its opening sentence, shortened."""
    opening = description.split("。", 1)[0].split("，", 1)[0]
    return opening if len(opening) <= 24 else opening[:23] + "…"


def context(
    *, organization: str, community: bool, description: str, measures: str, report: str, person: str
) -> dict:
    """The slots an item's texts are filled from: the problem, its measures, then the unit's report."""
    _key, business, task, _result, complaint, safety = report_texts.unit_business(organization)
    sites = SITE.findall(description) or SITE.findall(measures) or SITE.findall(report)
    ctx = {
        "site": sites[0] if sites else ("各小区" if community else "一线班组"),
        "business": business,
        "task": "社区治理" if community else task,
        "complaint": complaint,
        "safety": safety,
        "brand": "红色先锋" if community else "党旗红·服务优",
        "issue": "物业服务",
        "grids": "6",
        "meeting": next((said for suffix, said in MEETINGS if organization.endswith(suffix)), "支部委员会"),
        "office": "街道党建办" if community else "局组织人事科",  # the organizer's office
        "discipline": "街道纪工委" if community else "局机关纪委",
        "person": person,
    }
    for slot, pattern in FOCUS.items():
        if found := pattern.search(description) or pattern.search(measures):
            ctx[slot] = found.group(1)
    return ctx


def render(template: str, ctx: dict, rng: random.Random, **more: str) -> str:
    values = {**ctx, **more}

    def slot(match: re.Match) -> str:
        key = match.group(1)
        if "-" in key:
            low, high = key.split("-")
            return str(rng.randint(int(low), int(high)))
        return values[key]

    return SLOT.sub(slot, template)


def day_label(day) -> str:
    return f"{day.month}月{day.day}日"


def measures_from_report(content: dict, problem: str) -> list[str]:
    """The report's own measure for one of its problems (they are paired in order), as tasks."""
    problems = [text.strip() for text in content.get("problems", [])]
    lines = [line.strip() for line in content.get("measures", "").split("\n") if line.strip()]
    if problem not in problems or len(lines) != len(problems) + 1:  # the last line: 抓好整改落实
        return []
    line = re.sub(r"^[一二三四五六七八九十]+是", "", lines[problems.index(problem)])
    title, _, rest = line.partition("。")
    tasks = [task.strip("。；， ") for task in re.split(r"[，；]", rest) if task.strip("。；， ")]
    if len(tasks) > 4:
        tasks = [*tasks[:3], "，".join(tasks[3:])]
    return tasks or [title]
