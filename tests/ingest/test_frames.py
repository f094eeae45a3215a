"""Investment frames, one row per construction: an invented sentence and the facts it must give.

To teach the engine a construction, add its cue word to `corpus/data/frames.toml` and a row
here. Facts are (type, head, tail) with entity names; STATUS and INVESTMENT_AMOUNT are read
from the project's properties as the evaluation reads them. `absent` lists facts the sentence
must not give.
"""
from __future__ import annotations

import pytest

from corpus import FrameCuesError
from corpus.frames import parse_frames
from ingest.evaluate import predicted_annotations
from ingest.model import Document
from ingest.pipeline import Pipeline

ROWS = [
    # 1. firm + 与 + signing of a capacity-named project, amount after it
    ("1月10日，泉港区与福建金泓新材料有限公司签约年产5万吨电池级碳酸锂项目，总投资20亿元。",
     {("PROJECT", "年产5万吨电池级碳酸锂项目"),
      ("INVESTS_IN", "金泓新材料", "年产5万吨电池级碳酸锂项目"),
      ("INVESTMENT_AMOUNT", "年产5万吨电池级碳酸锂项目", "20亿元"),
      ("STATUS", "年产5万吨电池级碳酸锂项目", "签约"),
      ("IN_CHAIN", "年产5万吨电池级碳酸锂项目", "电池级碳酸锂")}, set()),
    # 2. firm with its capacity-named project + 在 place + stage
    ("6月18日，福建海晟化工有限公司年产20万吨聚碳酸酯项目在泉港区开工建设。",
     {("PROJECT", "福建海晟化工有限公司年产20万吨聚碳酸酯项目"),
      ("INVESTS_IN", "海晟化工", "福建海晟化工有限公司年产20万吨聚碳酸酯项目"),
      ("LOCATED_IN", "福建海晟化工有限公司年产20万吨聚碳酸酯项目", "泉港区"),
      ("STATUS", "福建海晟化工有限公司年产20万吨聚碳酸酯项目", "开工")},
     {("LOCATED_IN", "海晟化工", "福建省")}),  # the province of a registered name says little
    # 3. 拟在 place 投资 amount, 建设 project in the next clause; 拟 gives no status
    ("厦门鹭芯科技有限公司拟在南安市投资12亿元，建设半导体封装测试项目。",
     {("PROJECT", "半导体封装测试项目"),
      ("INVESTS_IN", "鹭芯科技", "半导体封装测试项目"),
      ("LOCATED_IN", "半导体封装测试项目", "南安市"),
      ("INVESTMENT_AMOUNT", "半导体封装测试项目", "12亿元"),
      ("LOCATED_IN", "鹭芯科技", "厦门市")},
     {("STATUS", "半导体封装测试项目", "签约")}),
    # 4. introduced by a chamber: the chamber invests in nothing
    ("经长沙市泉州商会牵线引荐，湖南锦川集团计划在永春县投资8亿元建设锦川永春香产业园项目。",
     {("PROJECT", "锦川永春香产业园项目"),
      ("INVESTS_IN", "锦川集团", "锦川永春香产业园项目"),
      ("LOCATED_IN", "锦川永春香产业园项目", "永春县"),
      ("INVESTMENT_AMOUNT", "锦川永春香产业园项目", "8亿元")}, set()),
    # 5. a signing list: frames split at ； each with its own investor, place and amount
    ("签约仪式上，浙江万祥集团拟在洛江区投资15亿元建设万祥智造城项目；福建远鸿科技有限公司拟在安溪县投资6亿元建设远鸿智能终端产业园项目。",
     {("INVESTS_IN", "万祥集团", "万祥智造城项目"),
      ("LOCATED_IN", "万祥智造城项目", "洛江区"),
      ("INVESTMENT_AMOUNT", "万祥智造城项目", "15亿元"),
      ("INVESTS_IN", "远鸿科技", "远鸿智能终端产业园项目"),
      ("LOCATED_IN", "远鸿智能终端产业园项目", "安溪县"),
      ("INVESTMENT_AMOUNT", "远鸿智能终端产业园项目", "6亿元")},
     {("LOCATED_IN", "万祥智造城项目", "安溪县"), ("INVESTS_IN", "万祥集团", "远鸿智能终端产业园项目")}),
    # 6. project first, facts after: 由 firm 投资建设, 位于 park, 主要生产 products
    ("金鼎智造产业园项目总投资15亿元，由福建金鼎实业有限公司投资建设，位于晋江经济开发区，主要生产运动鞋材。",
     {("INVESTS_IN", "金鼎实业", "金鼎智造产业园项目"),
      ("LOCATED_IN", "金鼎智造产业园项目", "晋江经济开发区"),
      ("INVESTMENT_AMOUNT", "金鼎智造产业园项目", "15亿元")}, set()),
    # 7. 落户 a park
    ("福建川源新材料项目落户惠安县城南工业园区。",
     {("LOCATED_IN", "福建川源新材料项目", "惠安县城南工业园区")}, set()),
    # 8. the place of an event is not the place of a project
    ("在北京举行的推介会上，泉州恒达纺织有限公司年产3万吨差别化纤维项目签约。",
     {("PROJECT", "泉州恒达纺织有限公司年产3万吨差别化纤维项目")},
     {("LOCATED_IN", "泉州恒达纺织有限公司年产3万吨差别化纤维项目", "北京市")}),
    # 9. a back reference carries the project into the next sentence
    ("鸿图光电显示模组项目由鸿图光电科技有限公司投资建设。该项目选址于晋江市磁灶镇，年产显示模组500万片。",
     {("INVESTS_IN", "鸿图光电", "鸿图光电显示模组项目"),
      ("LOCATED_IN", "鸿图光电显示模组项目", "磁灶镇")}, set()),
    # 10. a place heading gives its place to the list below it
    ("永春县：一季度3个项目集中签约。其中，福建蓝海食品有限公司年产2万吨速冻食品项目总投资5亿元。",
     {("LOCATED_IN", "福建蓝海食品有限公司年产2万吨速冻食品项目", "永春县")}, set()),
    # 11. what a firm's plant makes: products of a frame with no project go to its firm
    ("福建联泰机械有限公司落户南安市，主要生产数控机床。",
     {("LOCATED_IN", "联泰机械", "南安市"), ("IN_CHAIN", "联泰机械", "数控机床")}, set()),
    # 12. a second verb is no project name; 研发中心 alone is a description
    ("各县区加快签约落地项目，建设研发中心。", set(),
     {("PROJECT", "落地项目"), ("PROJECT", "研发中心")}),
    # 13. a firm named without its legal form, found by the name model as the frame's actor
    ("深圳恒拓电子拟在安溪县投资10亿元建设智能终端项目。",
     {("INVESTS_IN", "恒拓电子", "智能终端项目"), ("LOCATED_IN", "智能终端项目", "安溪县")}, set()),
    # 15. title lists after a body; a 副 title makes a member; 籍乡贤 gives a hometown; 创办的 a leader
    ("菲律宾晋南同乡总会理事长许振邦，副理事长柯文海、洪志远出席。",
     {("LEADS", "许振邦", "菲律宾晋南同乡总会"), ("MEMBER_OF", "柯文海", "菲律宾晋南同乡总会"),
      ("MEMBER_OF", "洪志远", "菲律宾晋南同乡总会")}, {("LEADS", "柯文海", "菲律宾晋南同乡总会")}),
    ("永春县东关籍乡贤雷永南创办的深圳市高宇实业有限公司签约。",
     {("HOMETOWN", "雷永南", "永春县"), ("HOMETOWN", "雷永南", "东关镇"), ("LEADS", "雷永南", "高宇实业")}, set()),
    ("晋江龙湖镇南庄村乡贤施远迎、施文立捐款100万元。",
     {("HOMETOWN", "施远迎", "龙湖镇"), ("HOMETOWN", "施文立", "龙湖镇")}, set()),
    # 15b. an appointment verb gives the person before it the title after each body it names;
    # a hometown noun after a place describes the person after it, a list ending in 等 before
    # it, or the person set apart by commas
    ("旅菲侨领陈国栋，祖籍晋江市龙湖镇，现任菲律宾晋江同乡总会会长、泉州市侨商会副会长。",
     {("LEADS", "陈国栋", "菲律宾晋江同乡总会"), ("MEMBER_OF", "陈国栋", "泉州市侨商会"),
      ("HOMETOWN", "陈国栋", "龙湖镇")}, {("LEADS", "陈国栋", "泉州市侨商会")}),
    ("菲律宾晋南同乡总会名誉理事长林国端、王志明，永远名誉会长陈光明出席。林国端现任泉州市侨商会名誉会长。",
     {("MEMBER_OF", "林国端", "菲律宾晋南同乡总会"), ("MEMBER_OF", "王志明", "菲律宾晋南同乡总会"),
      ("MEMBER_OF", "陈光明", "菲律宾晋南同乡总会"), ("MEMBER_OF", "林国端", "泉州市侨商会")},
     {("LEADS", "林国端", "菲律宾晋南同乡总会"), ("LEADS", "林国端", "泉州市侨商会")}),
    ("多年来，菲律宾侨商林海峰回到故乡石狮，在家乡投资建设鸿福鞋服产业园。林海峰表示，要为家乡发展贡献力量。",
     {("HOMETOWN", "林海峰", "石狮市"), ("PROJECT", "鸿福鞋服产业园")},
     {("PROJECT", "家乡投资建设鸿福鞋服产业园")}),
    ("活动中，王立新、陈国栋等50多位珠三角地区的石狮乡贤齐聚一堂。",
     {("HOMETOWN", "王立新", "石狮市"), ("HOMETOWN", "陈国栋", "石狮市")}, set()),
    ("明代，迁居吕宋的石狮人林海峰开族繁衍。林海峰，福建南安人，捐资建校。",
     {("HOMETOWN", "林海峰", "石狮市"), ("HOMETOWN", "林海峰", "南安市")}, set()),
    ("晋江人大常委会主任林海峰出席。", set(), {("HOMETOWN", "林海峰", "晋江市")}),
    # 15c. lists of projects: one named project before 等…项目, items after 项目有…等, numbered parts
    ("全力服务保障鸿宇光电高端化合物半导体等重大产业项目顺利投产。",
     {("PROJECT", "鸿宇光电高端化合物半导体项目"),
      ("STATUS", "鸿宇光电高端化合物半导体项目", "投产")}, set()),
    ("全力推进新能源、数字经济等产业项目。", set(), {("PROJECT", "新能源项目"), ("PROJECT", "数字经济项目")}),
    ("超10亿元的项目有三一筑工建筑产业园、泉港石化物流中心等。",
     {("PROJECT", "三一筑工建筑产业园")}, set()),
    ("泉州湾港区锦尚作业区6#泊位工程等一批项目开展前期工作。",
     {("PROJECT", "泉州湾港区锦尚作业区6#泊位工程")}, set()),
    # 17c. a place and a year before the head name a campaign or a kind, not a project
    ("南安市2025项目攻坚年一季度重大项目集中开工。", set(),
     {("PROJECT", "南安市2025项目"), ("STATUS", "南安市2025项目", "开工")}),
    ("今年新增入库项目12个，一批强链补链项目和外资投资项目加快推进。", set(),
     {("PROJECT", "入库项目"), ("PROJECT", "强链补链项目"), ("PROJECT", "外资投资项目")}),
    ("七十七国集团和二十国集团领导人出席，安踏集团、鸿福集团等企业集团代表参加。",
     {("ENTERPRISE", "鸿福集团")},
     {("ENTERPRISE", "七十七国集团"), ("ENTERPRISE", "二十国集团"), ("ENTERPRISE", "企业集团")}),
    ("晋江市鞋服产业发展交流会在晋江举行。",
     {("EVENT", "晋江市鞋服产业发展交流会")}, set()),
    ("着力调整经济结构和转变增长方式，副县长王也夫、刘东升出席。",
     {("PERSON", "王也夫"), ("PERSON", "刘东升")}, {("PERSON", "方式")}),
    # 18. firms founding a firm together are its shareholders and each other's partners
    ("深圳市宏宇实业有限公司计划与福建美达科技有限公司共同投资成立福建润达科技有限公司。",
     {("PARTNER_OF", "宏宇实业", "美达科技"), ("SHAREHOLDER_OF", "宏宇实业", "润达科技"),
      ("SHAREHOLDER_OF", "美达科技", "润达科技")}, set()),
    ("福建润达科技有限公司与泉州宏宇实业有限公司签约，成立于2010年。", set(),
     {("SHAREHOLDER_OF", "润达科技", "宏宇实业")}),
    # 17b. a brand the dictionary does not know, cut into unknown pieces, opens the project's name
    ("南安市华楷城高性能针织面料生产基地项目开工。",
     {("ENTERPRISE", "华楷城"), ("INVESTS_IN", "华楷城", "南安市华楷城高性能针织面料生产基地项目")}, set()),
    ("德化县精彩卫浴直播园项目开工。", set(), {("ENTERPRISE", "精彩")}),
    # 16. a project the text places nowhere is in the county the article is about
    ("本报讯 近日，石狮市举行重点项目集中开工活动。石狮市副市长出席。鸿福鞋业智能制造项目正式开工。",
     {("LOCATED_IN", "鸿福鞋业智能制造项目", "石狮市"), ("STATUS", "鸿福鞋业智能制造项目", "开工")}, set()),
    ("本报讯 近日，石狮市、南安市举行重点项目集中开工活动。石狮市、南安市领导出席。鸿福鞋业智能制造项目正式开工。",
     {("STATUS", "鸿福鞋业智能制造项目", "开工")},
     {("LOCATED_IN", "鸿福鞋业智能制造项目", "石狮市"), ("LOCATED_IN", "鸿福鞋业智能制造项目", "南安市")}),
    # 17. a firm's short name opens a project's name after its place; a common word does not
    ("晋江市鑫瑞达高端运动鞋材生产基地项目、智慧产业园项目开工。",
     {("ENTERPRISE", "鑫瑞达"), ("INVESTS_IN", "鑫瑞达", "晋江市鑫瑞达高端运动鞋材生产基地项目")},
     {("ENTERPRISE", "智慧")}),
    # 14. the model finds a firm's whole name where the rules stop at a verb (远航)
    ("福建远航科技有限公司拟在安溪县投资6亿元建设远航智能终端产业园项目。",
     {("INVESTS_IN", "远航科技", "远航智能终端产业园项目")},
     {("ENTERPRISE", "科技")}),
    # a capacity-named project with no firm or place before it; a firm's short name between a
    # place and 年产 is the firm's (the segmenter may join 年 to it: 圣元年/产)
    ("目前，年产3000吨锂电池隔膜项目已投产。",
     {("PROJECT", "年产3000吨锂电池隔膜项目"), ("STATUS", "年产3000吨锂电池隔膜项目", "投产"),
      ("IN_CHAIN", "年产3000吨锂电池隔膜项目", "隔膜")}, set()),
    ("惠安县恒达年产10万吨纸浆项目开工建设。",
     {("PROJECT", "惠安县恒达年产10万吨纸浆项目"), ("LOCATED_IN", "惠安县恒达年产10万吨纸浆项目", "惠安县"),
      ("INVESTS_IN", "恒达", "惠安县恒达年产10万吨纸浆项目")}, set()),
    ("泉港区圣元年产4万吨牛磺酸项目进行主体施工。",
     {("PROJECT", "泉港区圣元年产4万吨牛磺酸项目"), ("LOCATED_IN", "泉港区圣元年产4万吨牛磺酸项目", "泉港区")}, set()),
    # a city or county in a firm's registered name is where it is
    ("泉州中泰投资有限公司与晋江恒达鞋业有限公司签约。",
     {("LOCATED_IN", "中泰投资", "泉州市"), ("LOCATED_IN", "恒达鞋业", "晋江市")}, set()),
    # a city inside a project's name places it too
    ("泉州鞋服智造产业园项目开工。", {("LOCATED_IN", "泉州鞋服智造产业园项目", "泉州市")}, set()),
    # words of rank, position or amount open no name (最大…项目, 下游…项目, 平均单个项目)
    ("这是全县最大石化产业项目，带动下游聚丙烯项目落地，平均单个项目投资5亿元。", set(),
     {("PROJECT", "最大石化产业项目"), ("PROJECT", "下游聚丙烯项目"), ("PROJECT", "平均单个项目")}),
    # banks, their branches and investment funds are enterprises; a branch keeps its place in its
    # name; a charity's fund is none
    ("兴业银行泉州分行、泉州市人才创新创业投资基金与鸿达基金签约，施氏慈善基金捐资助学。",
     {("ENTERPRISE", "兴业银行泉州分行"), ("ENTERPRISE", "人才创新创业投资基金"), ("ENTERPRISE", "鸿达基金")},
     {("ENTERPRISE", "施氏慈善基金"), ("ENTERPRISE", "银行泉州分行")}),
    # a merchant from Hong Kong, Taiwan or Macao named after his hometown (泉州籍港商X)
    ("泉州籍港商吴明远、晋江籍台商许文龙出席。",
     {("PERSON", "吴明远"), ("HOMETOWN", "吴明远", "泉州市"), ("PERSON", "许文龙"), ("HOMETOWN", "许文龙", "晋江市")}, set()),
    # a surname and a form of address is no name
    ("王总、施老出席签约仪式。", set(), {("PERSON", "王总"), ("PERSON", "施老")}),
    # firms listed before a signing verb all invest; a firm inside a list of projects invests in none
    ("福建远鸿科技有限公司、福建万达实业有限公司和厦门恒通集团签约年产5万吨锂电池项目。",
     {("INVESTS_IN", "远鸿科技", "年产5万吨锂电池项目"), ("INVESTS_IN", "万达实业", "年产5万吨锂电池项目"),
      ("INVESTS_IN", "恒通集团", "年产5万吨锂电池项目")}, set()),
    ("此外，鸿星工业园、万达诚信内衣织造、光明能源逆变器、青山生态旅游建设等4个项目参加签约。",
     {("STATUS", "鸿星工业园项目", "签约")},
     {("INVESTS_IN", "万达诚信", "鸿星工业园项目"), ("INVESTS_IN", "万达诚信", "青山生态旅游建设项目")}),
    # a county opening the first of a list of projects places the list; items with places of their
    # own are each in their own
    ("其中永春县联发机械自动化生产线项目、海峡花卉产业园项目、五星消防器材专业生产线项目等7个项目成功签约。",
     {("LOCATED_IN", "海峡花卉产业园项目", "永春县"), ("LOCATED_IN", "五星消防器材专业生产线项目", "永春县")}, set()),
    ("石狮市鑫达针织面料生产基地项目、晋江市创业园配套设施建设项目、青山茶叶供应链工厂项目等一批项目新开工建设。",
     set(), {("LOCATED_IN", "青山茶叶供应链工厂项目", "石狮市"), ("LOCATED_IN", "晋江市创业园配套设施建设项目", "石狮市")}),
    # elected with a term before the title; the people appointed after it hold their titles in the
    # same association; 是…的创会会长
    ("陈国栋当选为菲律宾晋江同乡总会第十届理事长，林秀珍、黄明德任副理事长。",
     {("LEADS", "陈国栋", "菲律宾晋江同乡总会"), ("MEMBER_OF", "林秀珍", "菲律宾晋江同乡总会"),
      ("MEMBER_OF", "黄明德", "菲律宾晋江同乡总会")}, set()),
    ("林华东是印尼泉州公会的创会会长。", {("LEADS", "林华东", "印尼泉州公会")}, set()),
    ("菲律宾晋江同乡总会举行大会。李明华、张建华任理事。", set(), {("MEMBER_OF", "李明华", "菲律宾晋江同乡总会")}),
    # firms moved into a park (分园区, 高新区 are parks' endings)
    ("南安分园区入驻三安、富宸、安芯半导体等企业，初步建成氮化镓产业链。",
     {("REGION", "南安分园区"), ("LOCATED_IN", "富宸", "南安分园区"), ("LOCATED_IN", "安芯半导体", "南安分园区")}, set()),
    # where a firm comes from: 来自X的, a country or a province-level city before its name
    ("来自深圳的恒拓电子、挪威奥德菲尔集团和上海复星集团与泉港区签约。",
     {("LOCATED_IN", "恒拓电子", "深圳市"), ("LOCATED_IN", "挪威奥德菲尔集团", "挪威"), ("LOCATED_IN", "复星集团", "上海市")},
     set()),
    # a batch's total and a phase's investment are no one project's amount
    ("鸿星工业园项目、青山生态旅游建设项目等4个项目参加签约，总投资6.15亿美元。", set(),
     {("INVESTMENT_AMOUNT", "青山生态旅游建设项目", "6.15亿美元"), ("INVESTMENT_AMOUNT", "鸿星工业园项目", "6.15亿美元")}),
    ("鸿达MicroLED项目总投资43亿元，分两期建设，其中一期投资6.75亿元。",
     {("INVESTMENT_AMOUNT", "鸿达MicroLED项目", "43亿元")}, {("INVESTMENT_AMOUNT", "鸿达MicroLED项目", "6.75亿元")}),
    # a history in one sentence about the project it opens with; what is expected is no stage
    ("鸿达鞋材生产项目于2023年3月签约，同年10月开工，预计2025年底投产。",
     {("STATUS", "鸿达鞋材生产项目", "签约"), ("STATUS", "鸿达鞋材生产项目", "开工")},
     {("STATUS", "鸿达鞋材生产项目", "投产")}),
    # a firm signing an agreement for a project: the verb is no part of the project's name
    ("泉港区与福建鸿达实业有限公司签订鸿达鞋材生产项目投资协议。",
     {("PROJECT", "鸿达鞋材生产项目"), ("INVESTS_IN", "鸿达实业", "鸿达鞋材生产项目"),
      ("STATUS", "鸿达鞋材生产项目", "签约")}, set()),
    # a park whose name opens with its county states the county too
    ("鸿达鞋材生产项目坐落于惠安县城南工业园区内。",
     {("LOCATED_IN", "鸿达鞋材生产项目", "惠安县城南工业园区"), ("LOCATED_IN", "鸿达鞋材生产项目", "惠安县")}, set()),
    # the owner named after 业主单位为/投资方为; firms building together (A与B合资建设) both invest,
    # and the verb is no part of the project's name
    ("华泰智能仓储项目的投资方为福建鸿达实业有限公司，总投资5亿元。",
     {("INVESTS_IN", "鸿达实业", "华泰智能仓储项目"), ("INVESTMENT_AMOUNT", "华泰智能仓储项目", "5亿元")}, set()),
    ("福建鸿达实业有限公司与厦门恒通集团合资建设华泰智能仓储项目。",
     {("PROJECT", "华泰智能仓储项目"), ("INVESTS_IN", "鸿达实业", "华泰智能仓储项目"),
      ("INVESTS_IN", "恒通集团", "华泰智能仓储项目")}, set()),
    # a person invests with where and how between them and the verb; 支持X建设 is no investment, and a
    # place with a build verb opens no project's name
    ("乡贤林华东在家乡晋江投资建设鸿达鞋服产业园项目。",
     {("INVESTS_IN", "林华东", "鸿达鞋服产业园项目"), ("HOMETOWN", "林华东", "晋江市")}, set()),
    ("侨商陈明华先后出资兴建西滨标准厂房项目。", {("INVESTS_IN", "陈明华", "西滨标准厂房项目")}, set()),
    ("侨商陈明华表示，将支持晋江建设鞋服产业园项目。", {("PROJECT", "鞋服产业园项目")},
     {("INVESTS_IN", "陈明华", "鞋服产业园项目"), ("PROJECT", "晋江建设鞋服产业园项目")}),
    # a surname the tagger cut from the rest of the name is a person where a person stands
    ("傅森林在家乡泉州打造海峡国际五金机电城项目。",
     {("PERSON", "傅森林"), ("INVESTS_IN", "傅森林", "海峡国际五金机电城项目"), ("HOMETOWN", "傅森林", "泉州市")}, set()),
    ("李森林资源丰富，陈扬水库蓄水充足。", set(), {("PERSON", "李森林"), ("PERSON", "陈扬水")}),
    # a birthplace abroad is no hometown
    ("许明华先生祖籍福建晋江，出生于菲律宾马尼拉。", {("HOMETOWN", "许明华", "晋江市")}, {("HOMETOWN", "许明华", "马尼拉")}),
    # 创意 and 青年 stand inside names of bodies (and of projects)
    ("大会上，晋江市安海文化创意发展协会、菲律宾安海青年总商会与澳门安海青年联合会签约。",
     {("ORG", "晋江市安海文化创意发展协会"), ("ORG", "菲律宾安海青年总商会")},
     {("ORG", "发展协会"), ("ORG", "总商会")}),
]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _facts(pipeline, sentence: str) -> set[tuple]:
    x = pipeline.analyse(Document(text=sentence, date="2024-06-20"))
    a = predicted_annotations(x)
    return a.entities | a.relations


@pytest.mark.parametrize("sentence,expected,absent", ROWS, ids=[f"c{i + 1}" for i in range(len(ROWS))])
def test_construction_gives_its_facts(pipeline, sentence, expected, absent):
    facts = _facts(pipeline, sentence)
    assert expected - facts == set(), f"missing from {sorted(facts)}"
    assert absent & facts == set()


def test_a_cue_file_missing_a_table_is_named_in_the_error():
    with pytest.raises(FrameCuesError, match=r"custom\.toml: \[project\] object_verbs"):
        parse_frames('[project]\nheads = ["项目"]\n', "custom.toml")
    with pytest.raises(FrameCuesError, match="not valid TOML"):
        parse_frames("[project\n", "custom.toml")


def test_model_names_must_agree_with_word_bounds_and_rules():
    from ingest.model import Mention
    from ingest.name_model import beside_rules

    text = "九牧集团科牧灯塔工厂与泉州石化签约"
    found = [Mention("ENTERPRISE", "九牧集团科", 0, 5), Mention("ENTERPRISE", "泉州石化", 11, 15)]
    others = [Mention("REGION", "泉州", 11, 13), Mention("CHAIN", "石化", 13, 15)]
    assert all(text[m.start:m.end] == m.text for m in found + others)
    bounds = {0, 2, 4, 6, 8, 10, 11, 13, 15, 17}
    assert beside_rules(found, others, bounds, ["石化"]) == []  # cuts 科牧; nothing but a place and a trade
    person = [Mention("PERSON", "林海", 2, 4)]
    assert beside_rules([Mention("ENTERPRISE", "恒拓林海", 0, 4)], person, {0, 4}, []) == []


def test_the_name_model_bounds_firms_and_bodies_the_rules_cannot():
    from ingest.name_model import NameModel

    tagged = NameModel().tag(["福建远航科技有限公司拟在安溪县投资", "菲华商联总会理事长张昭和出席"])
    assert ("福建远航科技有限公司", "ORG") in tagged[0] and ("菲华商联总会", "ORG") in tagged[1]


def test_a_two_character_kind_of_project_is_no_project_name(pipeline):
    facts = _facts(pipeline, "全市供热项目、公益项目进展顺利，鸿兴鞋材项目已签约。")
    projects = {f[1] for f in facts if f[0] == "PROJECT"}
    assert projects == {"鸿兴鞋材项目"}


def test_output_in_running_text_names_no_project(pipeline):
    facts = _facts(pipeline, "晋江市去年产值突破百亿元，多个项目加快建设，年产能稳步提升。")
    assert {f for f in facts if f[0] == "PROJECT"} == set()


def test_a_venue_something_is_held_in_is_no_project(pipeline):
    facts = _facts(pipeline, "成立大会在泉州文华酒店隆重举行，签约仪式于泉州国际会展中心举行。晋江国际会展中心项目开工。")
    assert {f[1] for f in facts if f[0] == "PROJECT"} == {"晋江国际会展中心项目"}


def test_a_weak_ending_names_one_project_only_with_a_firm_project_or_phase(pipeline):
    facts = _facts(pipeline, "半导体产业基地、智慧工厂和食品专业市场加快建设，鸿达鞋材基地项目、安踏运动鞋生产基地、"
                             "晋江国际鞋纺城二期市场开工。次日，金帆鞋材生产基地正式开工。")
    assert {f[1] for f in facts if f[0] == "PROJECT"} == {"鸿达鞋材基地项目", "安踏运动鞋生产基地", "晋江国际鞋纺城二期市场",
                                                          "金帆鞋材生产基地"}
