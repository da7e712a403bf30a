"""Invented Chinese people's names, the same on every run.

A common surname (the frequent ones more often) and a one- or two-character
given name. The generator never hands out the same name twice, and skips a
short list of well-known public figures so no demo secretary shares a name
with a national leader.
"""

from __future__ import annotations

import random
from collections.abc import Iterable


def _words(text: str) -> list[str]:
    return text.split()


# Roughly in order of frequency; the weights below favour the front.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹"
    "薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)

# Given names typical of people now in their forties and fifties.
GIVEN_NAMES = _words(
    "建华 志刚 海燕 晓明 国庆 红梅 丽娟 文斌 卫东 永红 建军 振华 秀英 玉兰 俊峰 晓燕 "
    "春华 立新 学军 德明 宏伟 海涛 晓东 丽华 志强 建国 桂芳 淑珍 金龙 永刚 新民 长春 "
    "雪梅 燕飞 亚军 爱华 俊杰 红霞 跃进 明亮 正平 保国 秋菊 春梅 少华 文涛 永胜 宝林 "
    "利民 家乐 晓丽 文静 志勇 振宇 晓峰 秀兰 海波 志远 红英 国栋 卫华 立军 建平 晓光 "
    "玉梅 凤英 宇航 思远 婷婷 丹丹 明辉 成林 建伟 伟东 金花 朝阳 东升 庆丰 永福 希文"
)

# Characters combined freely into further two-character names.
FIRST_CHARS = "建志海晓国红丽文卫永振秀玉俊春立学德宏新金雪亚爱明正少利家思宇朝东庆"
SECOND_CHARS = "华刚燕明庆梅娟斌东红英峰军伟涛强芳珍龙民春飞杰霞亮平菊辉林胜波远栋光航文"

# Single-character given names.
SINGLE_CHARS = "伟芳敏静丽强磊军洋勇艳杰娟涛超霞平刚斌鹏辉华波宁峰琳颖晶岩凯勤"

# Names of well-known national figures that a random draw could produce.
AVOID = frozenset(
    _words(
        "李强 王毅 蔡奇 李希 丁薛祥 赵乐际 王沪宁 韩正 李克强 王岐山 张德江 俞正声 刘云山 "
        "张高丽 温家宝 朱镕基 李鹏 胡锦涛 江泽民 习近平 汪洋 陈希 陈敏尔 李鸿忠 王晨 "
        "刘鹤 胡春华 杨洁篪 孙春兰 郭声琨 黄坤明 许勤 胡涛 周鹏举"
    )
)

_SURNAME_WEIGHTS = [1 / (rank + 8) for rank in range(len(SURNAMES))]


def invent_name(rng: random.Random) -> str:
    """One name drawn with `rng`; duplicates and avoided names are possible here."""
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    draw = rng.random()
    if draw < 0.3:
        given = rng.choice(SINGLE_CHARS)
    elif draw < 0.65:
        given = rng.choice(GIVEN_NAMES)
    else:
        given = rng.choice(FIRST_CHARS) + rng.choice(SECOND_CHARS)
        if given[0] == given[1]:
            given = given[0] + rng.choice(SECOND_CHARS.replace(given[0], ""))
    return surname + given


class NameGenerator:
    """Distinct invented names in a fixed order for a given seed, none of them in `avoid`
    (e.g. the names people in the database already have)."""

    def __init__(self, seed: str | int = "debrief-demo", avoid: Iterable[str] = ()) -> None:
        self._rng = random.Random(seed)
        self._used: set[str] = set(avoid)

    def __call__(self) -> str:
        while True:
            name = invent_name(self._rng)
            if name not in self._used and name not in AVOID:
                self._used.add(name)
                return name

    def take(self, count: int) -> list[str]:
        return [self() for _ in range(count)]
