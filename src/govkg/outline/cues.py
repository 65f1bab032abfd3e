"""The words reports use to say what a line is: part cues, sidebars, salutations, bylines, problems paragraphs.

One home for the outline's domain words. Each pattern is a registered rule (govkg.rules) with examples it must
and must not match.
"""

from __future__ import annotations

from govkg.patterns import CN_ORDINAL_CLASS, HAN, YEAR
from govkg.rules import pattern

#: Words that say a heading or paragraph looks back on the year (or years) under review.
REVIEW_WORDS = pattern(
    "review-words",
    r"回顾|回望|完成情况|执行情况|工作基础|主要成绩|取得的成绩|成绩单|工作总结|总结|过去(?:的)?(?:一|五|这一|这五)?年|一年来|五年来"
    r"|做了|主要成效|工作成效|取得(?:了)?(?:新的|显著|积极)?(?:成效|进展|成绩)|" + YEAR + r"年工作(?:情况|成效)",
    doc="A review: 工作回顾, 完成情况, 工作基础 (a task-division plan's last-year results), 过去一年, 主要做了, 成绩单.",
    matches=["一、2024年工作回顾", "二、2024年重点工作完成情况", "一、工作基础", "过去一年主要成绩", "▍回望2024",
             "2022年，重点做了以下工作", "【2024年成绩单】", "一、2025年和“十四五”时期工作回顾"],
    rejects=["二、2025年重点工作", "三、2026年主要工作", "（一）着力扩大有效投资", "主要预期目标"],
)
#: Words that say a heading or paragraph sets out what is to be done.
PLAN_WORDS = pattern(
    "plan-words",
    r"工作安排|主要任务|重点任务|目标任务|重点工作|工作重点|工作打算|工作计划|工作部署|总体要求|总体思路|工作思路|主要目标|预期目标"
    r"|发展目标|主要工作|(?:今年|明年|新的一年)(?:的)?(?:工作|重点|主要)|展望|奋进|怎么干|将重点|工作举措",
    doc="A plan: 工作安排, 主要任务, 重点工作, 工作打算, 预期目标, 今年的工作, 奋进, 怎么干.",
    matches=["二、2025年重点工作", "二、2025年工作打算", "三、2025年工作安排", "工作的总体思路和主要任务", "今年重点工作",
             "【2025年怎么干】", "二、重点任务"],
    rejects=["一、2024年工作回顾", "（一）着力扩大有效投资", "▍回望2024", "产业组织全面加强，营商氛围更加浓厚"],
)
#: A five-year plan by its number: “十四五”, 十五五, 第十五个五年规划.
FIVE_YEAR_PLAN = pattern(
    "five-year-plan",
    rf"(?:第)?(?P<n>[{CN_ORDINAL_CLASS}]{{1,3}})(?:个)?五(?:”|\"|年规划|时期|期间|规划|$|[^年])",
    doc="A five-year plan named by its number (十四五 = 2021-2025, 十五五 = 2026-2030): its chapter plans to its last year.",
    matches=["二、“十五五”时期的主要目标和重点任务", "一、2025年和“十四五”时期工作回顾", "第十五个五年规划"],
    rejects=["三、2026年重点工作", "（五）民生福祉持续增进", "五年来"],
)

#: The kind of context a newspaper's lead that states figures becomes (本报讯…报告显示，去年…增长5.2%): its figures
#: are the report's, read as metrics; its words about the session are not tasks or results.
LEAD = "导语"
#: The kind of context the title block becomes (title, byline, date, presenter): it names the session and the
#: region, so its entities are read; it is no task or result.
TITLE_BLOCK = "报头"
#: The kind of context the opening words become when they cite a congress session (为抓好区第十七届人民代表大会第四次
#: 会议审议通过的…, 现将…分工如下): words about the report, no task or result; only the session is read from them.
OPENING = "开篇"
#: Opening words of boxes beside the report's text: editor's notes, reporters' views, quotes, links, glossaries.
SIDEBAR = pattern(
    "sidebar-opener",
    r"^[■□◆◇▲△●◎☆★▍]?[【\[]?(?P<label>编者按|编者的话|记者观察|记者手记|记者点评|代表声音|委员声音|代表委员声音|代表委员热议|代表说|"
    r"声音|链接|相关链接|知识链接|延伸阅读|背景链接|背景|名词解释|词语解释|名词注释|注释|(?:报告)?关键词|(?:报告)?热词|小贴士|数说|数读|图说|"
    r"短评|微评|评论|本报评论员|专家解读|解读|附件|附表|附)[" + CN_ORDINAL_CLASS + r"\d]*(?:[】\]]|[：:｜|丨]|\s*$)",
    doc="A sidebar or appendix: 编者按, 记者观察, 代表声音, 链接, 报告关键词, 名词解释, 附件 — context, never goals or tasks.",
    matches=["【编者按】1月11日，青峦区第三届人民代表大会第六次会议开幕", "记者观察：", "代表声音：", "链接：", "报告关键词",
             "名词解释", "附件：名词解释", "附件", "延伸阅读：", "【相关链接】", "延伸阅读｜五年回眸", "报告热词", "■名词解释"],
    rejects=["【经济运行稳中有进】", "链接上下游企业120家。", "附近村庄实现供水全覆盖。", "背景板", "关键词是创新",
             "评论区功能上线", "（一）加强政府自身建设"],
)
#: Sidebars that hold a whole appendix: everything after them to the end, or to the next part, is context.
APPENDIX = pattern(
    "appendix-opener",
    r"^[【\[]?(?:附件|附表|附录|名词解释|词语解释|名词注释)",
    doc="An appendix (附件, 名词解释): it runs to the end of the report, numbered entries and all.",
    matches=["附件：名词解释", "名词解释", "附件1"],
    rejects=["记者观察：", "附近村庄实现供水全覆盖。"],
)

#: Salutations, the request to deliberate, procedural leads and closing appeals: words about the report.
META = pattern(
    "meta-paragraph",
    r"^各位代表[：:！!，,]?$|请予审议|^各位代表[！!]|会议开幕|本报记者|本报讯|作政府工作报告|（本报根据.*整理）"
    r"|现将.{0,20}(?:分工|分解|安排)如下|(?:分工|分解)如下。$|^(?:——|—)?" + YEAR + r"年\d{1,2}月(?:\d{1,2}日)?"
    r"|^(?:——|—)?.{0,16}在.{2,30}(?:人民代表大会|人大|代表大会).{0,12}上$",
    doc="Words about the report, not results or tasks: 各位代表, 请予审议, the byline, 现将…分工如下, the closing appeal.",
    matches=["各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议", "各位代表！新征程催人奋进，让我们…而努力奋斗！",
             "——2025年1月9日在临澜县第十八届人民代表大会第四次会议上", "现将重点任务分解如下。", "本报记者 林晓岚",
             "——2024年1月在区人民代表大会上", "——在市第十五届人民代表大会第二次会议上"],
    rejects=["各位代表，过去五年，我们坚持稳中求进。", "全年实施县级重点项目86个。", "（一）着力扩大有效投资"],
)
#: The paragraph on shortcomings that closes a review: not a result; context.
PROBLEMS = pattern(
    "problems-paragraph",
    r"^(?:(?:同时|在肯定成绩的同时|在看到成绩的同时|一年来的成绩来之不易|成绩来之不易)[，。,\s]*){0,2}"
    r"(?:我们)?(?:也)?(?:要|必须)?(?:清醒|清楚|深刻)?(?:地)?(?:看到|认识到|意识到)[，,]",
    doc="同时，我们也清醒看到，…问题依然突出: the shortcomings paragraph after the review, context not a result.",
    matches=["同时，我们也清醒看到，经济总量不大、产业层次不高的问题依然突出。",
             "在肯定成绩的同时，我们也清醒认识到，全市经济回升向好的基础还不稳固。",
             "同时也要看到，部分企业生产经营仍较困难。",
             "一年来的成绩来之不易。同时我们也要看到，全镇产业规模偏小。"],
    rejects=["全年实施县级重点项目86个，完成投资152.6亿元。", "看到群众笑脸，我们更有干劲。", "解决了一批群众急难愁盼问题。",
             "针对基础设施短板明显的问题，新建道路12公里。"],
)
#: A table's caption: 表1　2024年主要经济指标完成情况, 附表2 …
CAPTION = pattern(
    "table-caption",
    rf"^(?:附)?表\s*[\d{CN_ORDINAL_CLASS}]{{1,3}}(?:[\s：:　]|(?={HAN}))[^。！？]{{0,40}}$",
    doc="A table caption on a line of its own: 表1 2024年…完成情况 (not an item, not a goal).",
    matches=["表1 2024年沣阳市主要经济指标完成情况", "表2市级重大项目进展情况（部分）", "附表1：重点项目表"],
    rejects=["表彰先进集体12个。", "（一）着力扩大有效投资"],
)
