"""Invented pages shaped like the real ones: pinyin annotations, column breaks, traditional script.

Every backend indexes them; queries are typed in simplified script, as a user types them.
"""
from search.model import IndexedDocument

PINYIN = IndexedDocument(
    id="shishi", title="石獅市鴻山鎮(zhèn)重點項目集中開(竣)工", date="2024-05-10",
    body=("石獅市鴻山鎮(zhèn)一批重點項目集中開(竣)工，其中兩個項目位于晉江經濟開發(fā)區(qū)。"
          "竣工項目包括華聯(lián)服裝生產(chǎn)項目與石獅市實驗中學擴建工程。閩南商會聯(lián)盟同日成立。"))

COLUMNS = IndexedDocument(
    id="columns", title="泉港石化园区新签约项目", date="2024-07-02",
    # A newspaper column breaks lines mid-word: 石油化\n工 and 新材\n料 are whole words once joined.
    body=("泉港区昨日举行重点项目集中签约活动，签约项目涉及石油化\n"
          "工、新材\n"
          "料等产业，总投资约120亿元。\n"
          "福建联合石化有限公司负责人出席。"))

TRADITIONAL = IndexedDocument(
    id="bank", title="農業發展銀行支持泉州產業", date="2023-03-01",
    body="中國農業發展銀行泉州分行向鋰電池新材料項目發放貸款，支持產(chǎn)業(yè)鏈建設。")

UNDATED = IndexedDocument(
    id="undated", title="泉港石化产业链招商", date=None,
    body="泉港区围绕石油化工产业链开展招商，引进乙烯下游项目。")

PAGES = [PINYIN, COLUMNS, TRADITIONAL, UNDATED]
