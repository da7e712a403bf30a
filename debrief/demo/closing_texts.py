"""The demo meetings' closing speeches: data for meetings.py.

They follow the seeds: the meeting pointed out (会议指出) what the year achieved and where it fell
short, required (会议要求) what each secretary is to do next, and stressed (会议强调) the standing
duties, each as separate points in the order spoken.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClosingText:
    """The points of a closing speech, as `meetings.services.closing_speech_save` takes them."""

    pointed_out: tuple[str, ...]
    required: tuple[str, ...]
    stressed: tuple[str, ...]


# Seed 1: the bureau secretary's closing speech, the last item of the housing bureau's meeting.
HOUSING = ClosingText(
    pointed_out=(
        "一年来，局属各单位党组织书记认真履行抓基层党建第一责任人职责，把党建工作与城市照明、供热保障、"
        "保障性住房建设等中心工作同谋划、同部署、同考核，基层党组织政治功能和组织功能进一步增强。",
        "对照市委和局党组的要求，基层党建工作还存在薄弱环节：有的书记抓党建精力投入不足，述职讲业务多、"
        "讲党建少；有的支部“三会一课”质量不高；有的单位发展党员后继乏力，一线技术骨干中入党积极分子偏少。",
    ),
    required=(
        "各党组织书记要把这次述职评议作为查摆问题、改进工作的契机，对照领导点评和测评结果，"
        "列出问题清单、任务清单、责任清单，一个月内将整改方案报局党组。",
        "要把抓党建与抓业务统一起来，在项目一线、维修班组、服务窗口设立党员先锋岗和党员责任区，"
        "让党建成效体现在城市运行保障和群众满意度上。",
        "局机关党委要加强督促指导，对整改事项实行销号管理，年中开展一次“回头看”，"
        "整改情况纳入下一年度述职评议考核。",
    ),
    stressed=(
        "全面从严治党永远在路上，各单位班子成员要落实“一岗双责”，盯紧工程招投标、物资采购、资金拨付等关键环节，"
        "把纪律和规矩挺在前面。",
        "要以这次述职评议为新的起点，以更高标准、更实举措抓好基层党建，"
        "为住房城乡建设事业高质量发展提供坚强组织保证。",
    ),
)

# Seed 4: the provincial secretary's closing speech, drafted by the organization department ahead
# of the meeting with the comments.
PROVINCE = ClosingText(
    pointed_out=(
        "过去一年，全省各级党组织书记坚持把抓基层党建作为最大政绩，党建引领基层治理、乡村振兴取得明显成效，"
        "基层党组织的政治功能和组织功能持续增强。",
        "同时也要清醒看到，市县之间工作还不平衡，村党组织带头人队伍建设、新就业群体党建、"
        "国有企业党建质量等方面仍有短板弱项。",
    ),
    required=(
        "各市委书记要对照点评意见和测评结果，逐条制定整改措施，明确责任人和完成时限，"
        "整改情况在年底前书面报省委组织部。",
        "要抓住村（社区）“两委”班子运行的关键期，实施村党组织带头人“头雁工程”，从严管理驻村第一书记。",
        "要把党的组织和工作覆盖延伸到快递员、外卖骑手等新就业群体，形成一批可复制、可推广的经验做法。",
    ),
    stressed=(
        "抓基层党建是各级党委书记的主责主业，必须一级抓一级、层层抓落实，述职评议结果要与干部考核使用挂钩。",
        "要持续推动全面从严治党向基层延伸，坚决整治群众身边的不正之风和腐败问题，"
        "以过硬的基层党组织推动全省高质量发展。",
    ),
)
