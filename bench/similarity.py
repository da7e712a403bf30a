"""Benchmark: repeated passages across a whole debrief campaign.

Generates a synthetic campaign, N reports of about C Chinese characters each
plus every reporter's report of the year before, then times one
`find_repeats` call that compares every report with every other report of the
campaign and with its own reporter's last-year report (not with other
reporters' last-year reports).

    .venv/bin/python bench/similarity.py                      # 500 reports x ~3,000 characters
    .venv/bin/python bench/similarity.py --reports 100 --chars 4000
    .venv/bin/python bench/similarity.py --stock 0.6          # more formulaic reports
    .venv/bin/python bench/similarity.py --trace-memory       # also Python's own peak (slow)
    .venv/bin/python bench/similarity.py --without-last-year  # the campaign's reports only
    .venv/bin/python bench/similarity.py --common-share 0.2   # text in over 20% of reports left out

The texts are random but reproducible (random.Random(seed)), built the way
real reports are: a standard opening line in every report; whole sentences
from a pool of 300 stock sentences (8% of sentences); sentences of the
report's own, in the vocabulary of the work with their own names and figures,
a share of them (--stock, default 0.3) built around stock phrases; 15% of
sentences kept from the reporter's report of last year; and about 5% of
reports near-copies of another report with a tenth of the sentences rewritten
and some punctuation changed.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debrief.lib.similarity import find_repeats  # noqa: E402

OPENING = (
    "根据《关于开展2025年度村（社区）党组织书记抓基层党建工作述职评议考核的通知》要求，"
    "现将本人一年来履行抓基层党建工作第一责任人职责情况报告如下。"
)
LEADS = [
    "一年来，",
    "今年以来，",
    "在镇党委的坚强领导下，",
    "围绕年初确定的目标任务，",
    "我们",
    "村党支部",
    "支部班子",
    "本人",
    "我始终",
    "同时，",
    "此外，",
    "针对上年度述职评议指出的问题，",
]
PRINCIPLES = [
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "深入学习贯彻党的二十大和二十届三中全会精神",
    "认真落实全面从严治党主体责任",
    "牢固树立“抓好党建是最大政绩”的理念",
    "坚持党建引领基层治理",
    "严格落实“三会一课”制度",
    "扎实开展党纪学习教育",
    "持续深化“不忘初心、牢记使命”主题教育成果",
    "认真执行民主集中制",
    "坚持“四议两公开”工作法",
]
ACTIONS = [
    "全年召开支部委员会{n}次",
    "召开党员大会{n}次",
    "讲授专题党课{n}次",
    "组织党员集中学习{n}次",
    "开展主题党日活动{n}次",
    "发展党员{n}名",
    "确定入党积极分子{n}名",
    "走访困难群众{n}户",
    "为群众办实事{n}件",
    "开展志愿服务活动{n}场",
    "排查化解矛盾纠纷{n}起",
    "整改巡察反馈问题{n}个",
    "收缴党费{n}元",
    "新修村组道路{n}公里",
    "村集体经济收入达到{n}万元",
    "培养村级后备力量{n}人",
    "组织流动党员参加线上学习{n}人次",
    "慰问老党员和生活困难党员{n}人",
]
OBJECTS = [
    "{v}村党群服务中心",
    "{v}村{g}组",
    "{v}村网格员队伍",
    "{v}村合作社",
    "{v}村老年活动室",
    "{v}村村民议事会",
]
RESULTS = [
    "党组织凝聚力和战斗力不断增强",
    "群众满意度进一步提升",
    "取得了明显成效",
    "基层治理水平稳步提高",
    "党员先锋模范作用得到充分发挥",
    "村级班子运行更加规范",
    "为乡村全面振兴提供了坚强组织保证",
]
SHORTCOMINGS = [
    "但对照上级要求和群众期盼，仍存在一些差距和不足",
    "一是理论学习不够系统深入，学用结合还有差距",
    "二是党员教育管理方式比较单一，对流动党员管理不够到位",
    "三是发展壮大村集体经济的办法不多，增收渠道较窄",
    "四是抓党建促发展的思路不够宽，创新意识有待加强",
]
PLANS = [
    "下一步，我将进一步强化政治引领",
    "持续抓好党员队伍建设",
    "着力发展壮大村集体经济",
    "切实履行好第一责任人职责",
    "以更加饱满的热情投入到工作中去",
]
VILLAGE_SYLLABLES = "东西南北石柳桃杏李王张黄河湖山岭桥塘坪湾沟坡庄林泉溪"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国华明军平志伟红芳秀英玉兰海涛磊强丽静"
ENDINGS = "。。。。；"
# The vocabulary of a report's own sentences, split below.
VOCABULARY = (
    "茶叶 产业 合作社 道路 硬化 人居 环境 整治 垃圾 分类 养殖 种植 果园 民宿 电商 直播 返乡 创业 青年 "
    "老人 助餐 儿童 留守 关爱 医保 参保 防汛 巡河 护林 防火 移风易俗 红白理事会 土地 流转 大棚 蔬菜 "
    "水稻 玉米 油茶 中药材 光伏 集体 资产 清查 账目 公开 监督 议事 协商 调解 纠纷 网格 巡查 安全 隐患 "
    "排查 消防 饮水 工程 改造 厕所 污水 管网 路灯 安装 绿化 植树 文化 广场 书屋 戏曲 义诊 体检 培训 "
    "技能 就业 务工 劳务 输出 帮扶 脱贫 监测 对象 低保 救助 残疾人 退役军人 走访 慰问 座谈 入户 宣讲 "
    "政策 法治 禁毒 反诈 普法 志愿者 服务队 党员户 示范岗 责任区 承诺 践诺 积分 超市 评比 表彰 先进 "
    "典型 村规民约 乡贤 能人 致富 带头人 订单 销售 品牌 包装 冷链 仓储 物流 快递 站点 电网 通信 基站 "
    "学校 幼儿园 卫生室 养老 互助 食堂 桥梁 水渠 塘坝 清淤 堤防 山林 确权 宅基地 危房 搬迁 安置"
)
WORDS = VOCABULARY.split()


class Writer:
    """Writes reports from a seeded random source."""

    def __init__(self, seed: int, stock: float) -> None:
        self.rng = random.Random(seed)
        self.stock = stock  # share of a report's own sentences built around stock phrases
        self.pool = [self.sentence(self.village()) for _ in range(300)]

    def village(self) -> str:
        return "".join(self.rng.choice(VILLAGE_SYLLABLES) for _ in range(2))

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))

    def detail(self, words: int) -> str:
        """What only this report says: its own projects, in the vocabulary of the work."""
        return "".join(self.rng.choice(WORDS) for _ in range(words))

    def sentence(self, home: str) -> str:
        """A sentence of the report's own: its details, names and figures, maybe around stock phrases."""
        rng = self.rng
        if rng.random() >= self.stock:
            return f"{rng.choice(LEADS)}{self.detail(rng.randint(6, 14))}，{self.detail(rng.randint(4, 9))}"
        shape = rng.random()
        if shape < 0.35:
            action = rng.choice(ACTIONS).format(n=rng.randint(2, 480))
            return f"{rng.choice(LEADS)}{self.detail(rng.randint(5, 10))}，{action}，{self.detail(rng.randint(4, 8))}"
        if shape < 0.55:
            return f"{rng.choice(LEADS)}{rng.choice(PRINCIPLES)}，{self.detail(rng.randint(5, 10))}，{rng.choice(RESULTS)}"
        if shape < 0.8:
            place = rng.choice(OBJECTS).format(v=home, g=rng.choice("一二三四五六七八九十"))
            action = rng.choice(ACTIONS).format(n=rng.randint(2, 90))
            return f"依托{place}，组织{self.person()}等{rng.randint(3, 40)}名党员{self.detail(rng.randint(3, 6))}，{action}"
        if shape < 0.9:
            return f"{rng.choice(SHORTCOMINGS)}，{self.detail(rng.randint(4, 8))}"
        action = rng.choice(ACTIONS).format(n=rng.randint(5, 900))
        return f"{rng.choice(PLANS)}，{self.detail(rng.randint(4, 8))}，力争{home}村{action}"

    def report(self, chars: int, home: str, kept: list[str]) -> tuple[str, list[str]]:
        """A report of about `chars` characters, some sentences `kept` from last year's."""
        rng = self.rng
        sentences: list[str] = []
        length = len(OPENING)
        while length < chars:
            roll = rng.random()
            if roll < 0.08:
                sentence = rng.choice(self.pool)
            elif kept and roll < 0.23:
                sentence = rng.choice(kept)
            else:
                sentence = self.sentence(home)
            sentence += rng.choice(ENDINGS)
            sentences.append(sentence)
            length += len(sentence)
        return self.join([OPENING, *sentences]), sentences

    def near_copy(self, sentences: list[str], home: str) -> str:
        """Another report's text with a tenth of it rewritten and some punctuation changed."""
        rng = self.rng
        copied = []
        for sentence in sentences:
            if rng.random() < 0.1:
                sentence = self.sentence(home) + "。"
            elif rng.random() < 0.2:
                sentence = sentence.replace("，", ",", 1).replace("。", ". ")
            copied.append(sentence)
        return self.join([OPENING, *copied])

    def join(self, sentences: list[str]) -> str:
        """Sentences in indented paragraphs of three to six, as a report is laid out."""
        paragraphs, current = [], []
        for sentence in sentences:
            current.append(sentence)
            if len(current) >= self.rng.randint(3, 6):
                paragraphs.append("　　" + "".join(current))
                current = []
        if current:
            paragraphs.append("　　" + "".join(current))
        return "\n".join(paragraphs)


def campaign(reports: int, chars: int, seed: int, stock: float) -> tuple[dict[str, str], list[str]]:
    """Documents keyed "2024/r0001" (last year) and "2025/r0001" (the campaign), and the campaign's keys."""
    writer = Writer(seed, stock)
    documents: dict[str, str] = {}
    this_year: dict[str, list[str]] = {}
    targets = []
    for i in range(reports):
        reporter = f"r{i:04d}"
        home = writer.village()
        last_text, last_sentences = writer.report(chars, home, [])
        documents[f"2024/{reporter}"] = last_text
        if this_year and writer.rng.random() < 0.05:
            original = this_year[writer.rng.choice(sorted(this_year))]
            text, sentences = writer.near_copy(original, home), original
        else:
            text, sentences = writer.report(chars, home, last_sentences)
        this_year[reporter] = sentences
        documents[f"2025/{reporter}"] = text
        targets.append(f"2025/{reporter}")
    return documents, targets


def may_compare(target: str, source: str) -> bool:
    # Other reports of this campaign, and the reporter's own report of last year.
    return source.startswith("2025/") or source[5:] == target[5:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--chars", type=int, default=3000, help="approximate characters per report")
    parser.add_argument(
        "--stock", type=float, default=0.3, help="share of own sentences built on stock phrases"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the median is reported)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--trace-memory", action="store_true", help="one more run under tracemalloc (slow)")
    parser.add_argument(
        "--without-last-year", action="store_true", help="compare the campaign's reports only"
    )
    parser.add_argument(
        "--common-share",
        type=float,
        default=None,
        help="leave out text more than this share of the reports hold (the campaign page uses 0.2)",
    )
    args = parser.parse_args()

    documents, targets = campaign(args.reports, args.chars, args.seed, args.stock)
    if args.without_last_year:
        documents = {key: documents[key] for key in targets}
    target_chars = sum(len(documents[t]) for t in targets)
    all_chars = sum(len(text) for text in documents.values())
    print(
        f"{len(targets)} reports, {target_chars:,} characters; {len(documents)} documents, {all_chars:,} characters"
    )

    def run():
        return find_repeats(documents, targets, may_compare=may_compare, common_share=args.common_share)

    rss_before = max_rss_mib()
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - started)
        print(f"  run {len(samples)}: {samples[-1]:.2f} s", flush=True)
    print(
        f"find_repeats: median {statistics.median(samples):.2f} s, min {min(samples):.2f} s, "
        f"max {max(samples):.2f} s over {args.runs} runs (one process: it uses one core)"
    )
    print(
        f"memory: max RSS {max_rss_mib():.0f} MiB, {max_rss_mib() - rss_before:.0f} MiB more than "
        "before the first run (the documents and the interpreter come first)"
    )
    if args.trace_memory:
        # A run of its own: tracing every allocation slows Python down several times.
        del result
        tracemalloc.start()
        result = run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python allocations during a run (tracemalloc): {peak / 2**20:.0f} MiB")

    shares = sorted(r.share for r in result.values())
    passages = sum(len(r.passages) for r in result.values())
    sources = statistics.mean(len(r.by_source) for r in result.values())
    print(
        f"shares: median {statistics.median(shares):.1%}, 90th percentile {shares[len(shares) * 9 // 10]:.1%}, "
        f"max {shares[-1]:.1%}; {passages:,} passages; {sources:.0f} sources per report on average"
    )
    if args.common_share is not None:
        common = statistics.median(r.common_characters / r.characters for r in result.values())
        print(f"common text left out: median {common:.1%} of a report")


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    main()
