import random
import unicodedata

import pytest

from debrief.lib.similarity import Passage, find_repeats

OPENING = (
    "一年来，本人坚持以习近平新时代中国特色社会主义思想为指导，认真履行抓基层党建工作第一责任人职责，"
    "带领村“两委”班子扎实推进各项工作。"
)
MEETINGS = (
    "严格落实“三会一课”制度，全年召开支部委员会12次、党员大会4次，讲授专题党课3次，"
    "组织开展主题党日活动12次，党员参学率达到95%以上。"
)
TEA = "围绕茶叶产业发展，村党支部牵头成立专业合作社，流转土地320亩，带动46户农户增收，村集体经济收入突破18万元。"
ROADS = "针对群众反映强烈的出行难题，争取上级资金85万元，硬化通组道路4.2公里，安装太阳能路灯60盏。"
ELDERLY = "依托党群服务中心开办老年食堂，组织党员志愿者轮流值守，每天为70岁以上老人提供午餐。"
DISPUTES = "坚持和发展新时代“枫桥经验”，设立村级调解室，全年排查化解邻里纠纷19起，做到小事不出村。"
COMMUNITY = (
    "今年以来，社区党委聚焦老旧小区改造，协调施工单位更换供水管网2.6公里，加装电梯7部，"
    "新建停车位150个，居民反映的问题基本得到解决。"
)


def significant(text: str) -> int:
    """Characters that count: not punctuation, whitespace or control characters."""
    return sum(1 for char in text if unicodedata.category(char)[0] not in "PZC")


def report(*paragraphs: str) -> str:
    return "\n".join("　　" + paragraph for paragraph in paragraphs)


def test_identical_texts_repeat_each_other_entirely_in_one_passage():
    text = report(OPENING, MEETINGS, TEA)

    result = find_repeats({"a": text, "b": text}, ["a"])["a"]

    assert result.share == 1.0
    assert result.repeated_characters == result.characters == significant(text)
    # From the first significant character to the last: the indentation and the
    # closing full stop are not significant, so they are outside the passage.
    start, end = text.index("一年来"), len(text) - 1
    assert result.passages == [Passage(start, end, "b", start, end, text[start:end])]


def test_an_unrelated_text_repeats_nothing():
    result = find_repeats({"village": report(MEETINGS, TEA), "community": COMMUNITY}, ["village"])["village"]

    assert result.share == 0.0
    assert result.by_source == {}
    assert result.passages == []


def test_a_copied_paragraph_is_found_with_its_exact_share_and_offsets_in_both_texts():
    source = report(OPENING, TEA, MEETINGS)
    target = report(ROADS, MEETINGS, ELDERLY)

    result = find_repeats({"source": source, "target": target}, ["target"])["target"]

    assert result.repeated_characters == significant(MEETINGS)
    assert result.share == significant(MEETINGS) / significant(target)
    [passage] = result.passages
    paragraph = MEETINGS.removesuffix("。")  # up to its last significant character
    assert target[passage.start : passage.end] == paragraph == passage.text
    assert passage.source == "source"
    assert source[passage.source_start : passage.source_end] == paragraph


def test_a_copy_is_found_through_changed_punctuation_spaces_and_full_width_digits():
    source = report(TEA, MEETINGS)
    disguised = (
        "严格落实'三会一课'制度, 全年召开支部委员会１２次 党员大会４次;\n讲授专题党课３次,"
        "组织开展主题党日活动１２次——党员参学率达到９５％以上!"
    )

    result = find_repeats({"source": source, "target": disguised}, ["target"])["target"]

    assert result.share == 1.0
    [passage] = result.passages
    assert passage.text == disguised.removesuffix("!")  # punctuation inside the span is kept
    assert source[passage.source_start : passage.source_end] == MEETINGS.removesuffix("。")


def test_a_unit_sign_matches_its_ascii_spelling_and_offsets_stay_in_the_original_texts():
    written = "新建党群服务中心活动场所320m2，配套建设村史馆一处，共计支出资金48万元。"
    signed = "新建党群服务中心活动场所320㎡，配套建设村史馆一处，共计支出资金48万元。"  # ㎡ folds to "m2"
    source, target = report(ELDERLY, written), report(ROADS, signed)

    [passage] = find_repeats({"source": source, "target": target}, ["target"])["target"].passages

    assert passage.text == signed.removesuffix("。")
    assert source[passage.source_start : passage.source_end] == written.removesuffix("。")


def test_characters_beyond_the_basic_multilingual_plane_are_compared_like_the_others():
    # 𠮷 (U+20BB7) is written in people's names; Python counts it as one character.
    paragraph = "支部书记𠮷大勇同志带头走访困难党员和群众二十三户，帮助解决实际困难十五件。"
    target = report(ROADS, paragraph)

    result = find_repeats({"source": report(TEA, paragraph), "target": target}, ["target"])["target"]

    [passage] = result.passages
    assert passage.text == paragraph.removesuffix("。")
    assert result.repeated_characters == significant(paragraph)


def test_may_compare_counts_the_reporters_own_last_year_but_not_someone_elses():
    documents = {
        "2024/zhang": report(OPENING, TEA),
        "2024/li": report(ROADS, DISPUTES),
        "2025/zhang": report(TEA, ELDERLY, ROADS),
    }

    def may_compare(target, source):
        return source.startswith("2025/") or source[5:] == target[5:]

    result = find_repeats(documents, ["2025/zhang"], may_compare=may_compare)["2025/zhang"]

    assert list(result.by_source) == ["2024/zhang"]
    assert result.repeated_characters == significant(TEA)
    assert [passage.source for passage in result.passages] == ["2024/zhang"]


def test_by_source_splits_the_repeats_between_the_two_sources_they_come_from():
    target = report(TEA, ELDERLY, MEETINGS)
    documents = {"first": report(OPENING, TEA), "second": report(DISPUTES, MEETINGS), "target": target}

    result = find_repeats(documents, ["target"])["target"]

    total = significant(target)
    assert result.by_source == {"first": significant(TEA) / total, "second": significant(MEETINGS) / total}
    assert [passage.source for passage in result.passages] == ["first", "second"]


def test_adjacent_paragraphs_from_two_sources_form_one_passage_credited_to_both_in_by_source():
    target = report(TEA, MEETINGS)
    documents = {"first": report(OPENING, TEA), "second": report(DISPUTES, MEETINGS), "target": target}

    result = find_repeats(documents, ["target"])["target"]

    [passage] = result.passages
    assert passage.source == "second"  # it shares more of the passage than "first"
    total = significant(target)
    assert result.by_source == {"second": significant(MEETINGS) / total, "first": significant(TEA) / total}


def test_a_shared_phrase_shorter_than_min_passage_is_ignored():
    # "认真落实全面从严治党主体责任" is 14 significant characters, under the default 16.
    source = report(OPENING, "认真落实全面从严治党主体责任，" + ROADS)
    target = report(ELDERLY, "支部书记认真落实全面从严治党主体责任。" + DISPUTES)

    assert find_repeats({"source": source, "target": target}, ["target"])["target"].share == 0.0
    shorter = find_repeats({"source": source, "target": target}, ["target"], min_passage=12)["target"]
    assert [passage.text for passage in shorter.passages] == ["认真落实全面从严治党主体责任"]


def test_equal_sources_are_decided_by_the_smallest_str_of_their_key():
    documents = {"b": report(OPENING, TEA), 10: report(ROADS, TEA), "target": report(ELDERLY, TEA)}

    result = find_repeats(documents, ["target"])["target"]

    assert [passage.source for passage in result.passages] == [10]  # "10" < "b"
    assert list(result.by_source) == [10, "b"]


def test_the_result_does_not_depend_on_the_order_of_the_documents():
    documents = {
        "a": report(OPENING, MEETINGS, TEA),
        "b": report(ROADS, MEETINGS),
        "c": report(OPENING, DISPUTES, TEA),
        "d": report(ELDERLY, TEA, MEETINGS),
    }
    reordered = dict(reversed(documents.items()))

    assert find_repeats(documents, ["a", "d"]) == find_repeats(reordered, ["a", "d"])


def test_empty_and_very_short_texts_repeat_nothing():
    documents = {"empty": "", "short": "党建。", "blank": "　\n ", "full": report(OPENING)}

    results = find_repeats(documents, ["empty", "short", "blank", "full"])

    assert [(r.characters, r.share, r.passages) for r in results.values()] == [
        (0, 0.0, []),
        (2, 0.0, []),
        (0, 0.0, []),
        (significant(report(OPENING)), 0.0, []),
    ]


def test_a_target_missing_from_the_documents_is_an_error():
    with pytest.raises(KeyError):
        find_repeats({"a": OPENING}, ["b"])


def _fold(text: str) -> list[tuple[str, int]]:
    """(significant character, its index in text), one by one: the reference's normalization."""
    folded = []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char).casefold():
            if unicodedata.category(c)[0] not in "PZC":
                folded.append((c, i))
    return folded


def _reference(documents, targets, may_compare, size, min_passage, common_share=None):
    """The definition, position by position and source by source."""
    ranked = sorted(documents, key=str)
    folded = {key: _fold(text) for key, text in documents.items()}
    held = {}  # shingle -> how many targets hold it
    for target in dict.fromkeys(targets):
        chars = "".join(c for c, _ in folded[target])
        for shingle in {chars[i : i + size] for i in range(len(chars) - size + 1)}:
            held[shingle] = held.get(shingle, 0) + 1
    common = (
        {shingle for shingle, n in held.items() if n > common_share * len(held and set(targets)) and n >= 3}
        if common_share is not None
        else set()
    )
    results = {}
    for target in targets:
        chars = "".join(c for c, _ in folded[target])
        at_common = {i for i in range(len(chars) - size + 1) if chars[i : i + size] in common}
        common_cover = {p for i in at_common for p in range(i, i + size)}
        covered = {}  # source -> covered positions
        for source in ranked:
            if source == target or (may_compare and not may_compare(target, source)):
                continue
            text = "".join(c for c, _ in folded[source])
            shingles = {text[i : i + size] for i in range(len(text) - size + 1)}
            hit = {
                p
                for i in range(len(chars) - size + 1)
                if chars[i : i + size] in shingles and i not in at_common
                for p in range(i, i + size)
            }
            if hit:
                covered[source] = hit
        runs = []
        for p in sorted(set().union(*covered.values())):
            if runs and runs[-1][1] == p:
                runs[-1][1] = p + 1
            else:
                runs.append([p, p + 1])
        runs = [run for run in runs if run[1] - run[0] >= min_passage]
        by_source, passages = {}, []
        for start, end in runs:
            shares = {s: sum(start <= p < end for p in hit) for s, hit in covered.items()}
            shares = {s: n for s, n in shares.items() if n}
            for s, n in shares.items():
                by_source[s] = by_source.get(s, 0) + n
            best = min(shares, key=lambda s: (-shares[s], ranked.index(s)))
            passages.append((folded[target][start][1], folded[target][end - 1][1] + 1, best))
        in_runs = {p for start, end in runs for p in range(start, end)}
        own = len(chars) - len(common_cover - in_runs)
        results[target] = (len(chars), sum(end - start for start, end in runs), by_source, passages, own)
    return results


@pytest.mark.parametrize("documents_per_case", [4, 40])
def test_agrees_with_a_position_by_position_reference_on_random_texts(documents_per_case):
    rng = random.Random(documents_per_case)
    alphabet = "党建支部会议学习群众工作１AbＣ㎡，。、“” \n"
    # Forty documents share enough for counts over more than 32 sources (counted another way).
    for _ in range(60 if documents_per_case == 4 else 6):
        common = "".join(rng.choice(alphabet) for _ in range(300))
        documents = {}
        for d in range(documents_per_case):
            parts = []
            for _ in range(rng.randint(1, 6)):
                if rng.random() < 0.7:
                    at = rng.randrange(len(common))
                    parts.append(common[at : at + rng.randint(5, 80)])
                else:
                    parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
            documents[rng.choice([f"d{d}", d])] = "".join(parts)
        targets = rng.sample(list(documents), rng.randint(1, len(documents)))
        may_compare = (lambda t, s: str(s) < "d3") if rng.random() < 0.5 else None
        size, min_passage = rng.randint(2, 8), rng.randint(1, 20)

        results = find_repeats(
            documents, targets, may_compare=may_compare, shingle_size=size, min_passage=min_passage
        )

        expected = _reference(documents, targets, may_compare, size, min_passage)
        for target, result in results.items():
            characters, repeated, by_source, passages, _own = expected[target]
            assert (result.characters, result.repeated_characters) == (characters, repeated)
            assert result.by_source == pytest.approx({s: n / characters for s, n in by_source.items()})
            assert [(p.start, p.end, p.source) for p in result.passages] == passages


def test_a_passage_stitched_from_two_places_of_its_source_spans_both_places_there():
    # Adjacent in the target, far apart and in the other order in the source: the
    # passage is placed in the source by its first and last shingle.
    first, second = "围绕茶叶产业发展村党支部牵头成立专业合作社", "争取上级资金八十五万元硬化通组道路四公里"
    source = report(second + "。" + ROADS, first + "。")
    target = report(ELDERLY, first + second + "。")

    [passage] = find_repeats({"source": source, "target": target}, ["target"])["target"].passages

    assert passage.text == first + second
    assert (passage.source_start, passage.source_end) == (
        source.index(second[-8:]),
        source.index(first[:8]) + 8,
    )


def test_sources_that_few_or_many_targets_may_repeat_agree_with_the_reference():
    # A document that is only a source and that at most two targets may repeat
    # (a reporter's own report of last year) is compared with those targets
    # alone; others go through the index. Both must give the definition's result.
    rng = random.Random(2025)
    alphabet = "党建支部会议学习群众工作１AbＣ㎡，。、“” \n"
    for _ in range(8):
        common = "".join(rng.choice(alphabet) for _ in range(300))

        def text(common=common):
            parts = [common[at : at + rng.randint(5, 80)] for at in rng.sample(range(300), rng.randint(1, 5))]
            return "".join(parts) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))

        targets = [f"now/{d}" for d in range(10)]
        documents = {key: text() for key in [*targets, *(f"then/{d}" for d in range(10))]}
        readers = {f"then/{d}": set(rng.sample(targets, rng.choice([0, 1, 1, 2, 6]))) for d in range(10)}

        def may_compare(target, source, readers=readers):
            return source.startswith("now/") or target in readers[source]

        size, min_passage = rng.randint(2, 8), rng.randint(1, 20)
        results = find_repeats(
            documents, targets, may_compare=may_compare, shingle_size=size, min_passage=min_passage
        )

        expected = _reference(documents, targets, may_compare, size, min_passage)
        for target, result in results.items():
            characters, repeated, by_source, passages, _own = expected[target]
            assert (result.characters, result.repeated_characters) == (characters, repeated)
            assert result.by_source == pytest.approx({s: n / characters for s, n in by_source.items()})
            assert [(p.start, p.end, p.source) for p in result.passages] == passages


def test_with_common_share_agrees_with_the_reference_on_random_texts():
    rng = random.Random(18)
    alphabet = "党建支部会议学习群众工作１AbＣ㎡，。、“” \n"
    for _ in range(30):
        stock = "".join(rng.choice(alphabet) for _ in range(200))
        documents = {}
        for d in range(rng.randint(2, 12)):
            parts = []
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(stock))
                parts.append(stock[at : at + rng.randint(5, 80)] if rng.random() < 0.7 else "")
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
            documents[f"d{d}"] = "".join(parts)
        targets = rng.sample(list(documents), rng.randint(1, len(documents)))
        share, size, min_passage = rng.choice([0.0, 0.2, 0.5, 0.9]), rng.randint(2, 8), rng.randint(1, 20)

        results = find_repeats(
            documents, targets, shingle_size=size, min_passage=min_passage, common_share=share
        )

        expected = _reference(documents, targets, None, size, min_passage, share)
        for target, result in results.items():
            characters, repeated, by_source, passages, own = expected[target]
            assert (result.characters, result.common_characters) == (characters, characters - own)
            assert result.repeated_characters == repeated
            assert result.by_source == pytest.approx({s: n / own for s, n in by_source.items()})
            assert [(p.start, p.end, p.source) for p in result.passages] == passages


def test_text_most_reports_share_is_common_and_left_out_a_copy_between_two_is_not():
    # Every report opens the same way; "b" copies the rest of "a".
    documents = {
        "a": report(OPENING, TEA, ROADS),
        "b": report(OPENING, TEA, ROADS),
        "c": report(OPENING, ELDERLY),
        "d": report(OPENING, DISPUTES),
        "e": report(OPENING, COMMUNITY),
    }

    results = find_repeats(documents, list(documents), common_share=0.5)

    b = results["b"]
    assert b.share == 1.0 and b.by_source == {"a": 1.0}  # all of its own text is a copy
    [passage] = b.passages
    # The shingles across the end of the opening are "a"'s and "b"'s alone: the copy starts there.
    assert passage.text.endswith(report(TEA, ROADS).removeprefix("　　").removesuffix("。"))
    assert passage.text.startswith("实推进各项工作。")  # the opening's last 7 characters
    assert b.common_characters + b.repeated_characters == b.characters
    assert significant(OPENING) - 8 < b.common_characters < significant(OPENING)
    c = results["c"]
    assert (c.share, c.passages, c.common_characters) == (0.0, [], significant(OPENING))
    # Without the cut, the opening is what every report repeats.
    assert find_repeats(documents, ["c"])["c"].share == significant(OPENING) / significant(documents["c"])


def test_text_only_two_reports_share_is_never_common_however_few_the_reports():
    documents = {"a": report(TEA, ROADS), "b": report(TEA, ELDERLY)}

    result = find_repeats(documents, list(documents), common_share=0.2)["b"]

    assert result.common_characters == 0
    assert result.repeated_characters == significant(TEA)
