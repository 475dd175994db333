"""HR and attendance hooks (人力暨差勤管理系統): which life events get an EAP information message.

Seed 002 (三、方案導入 › (5) 職場適應或遇特殊事件等人員):
A.「…另針對申請喪假、延長病假及公傷假之人員亦提供相關資源與協助。」
B.「優化人力暨差勤管理系統，針對涉及生活變動人員(如分娩或親人亡故等)，於申請特定假別時，
   以提示訊息宣導員工協助方案，並運用簡式健康量表予以評測，以利同仁覺察自我心理困擾程度
   及心情狀態，有助及時申請服務。」
So every such event puts an information message (提示訊息) with a BSRS-5 invitation in the
employee's own inbox; what the employee does with it is theirs alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

HrEventKind = Literal["childbirth", "bereavement", "extended_sick_leave", "work_injury_leave", "life_change"]


@dataclass(frozen=True)
class Outreach:
    title: str
    body: str
    bsrs5_invite: bool


_OPENING: dict[str, str] = {
    "childbirth": "恭喜您迎接家中新成員！育兒與工作的轉換可能帶來壓力與疲累，這是很自然的。",
    "bereavement": "得知您正經歷親人離世之痛，我們深表關懷。悲傷需要時間，您不必獨自面對。",
    "extended_sick_leave": "祝您早日康復。長期病假期間的身心調適與返回職場的準備，都可以找人一起談談。",
    "work_injury_leave": "得知您因執行職務受傷，祝您早日康復。受傷後的情緒、睡眠或返回職場的擔心，都可以尋求協助。",
    "life_change": "生活中的重大變動常常伴隨壓力，適時照顧自己的心情很重要。",
}


def outreach_for(kind: HrEventKind, *, booking_link: str) -> Outreach:
    """The information message (提示訊息) for one HR event kind: EAP services plus a BSRS-5 invitation."""
    body = (
        f"{_OPENING[kind]}\n"
        "本府員工協助方案（EAP）提供保密的心理、法律、財務、醫療、管理及職涯諮詢，"
        "您可自行申請，無須經過人事單位或主管，服務內容不會告知任何人。\n"
        "邀請您花一分鐘填寫「簡式健康量表（心情溫度計，BSRS-5）」，覺察自己近一週的心情；"
        "填答為匿名，結果只有您看得到。\n"
        f"預約諮詢：{booking_link}\n"
        "24 小時安心專線：1925（依舊愛我）"
    )
    return Outreach(title="員工協助方案關懷訊息", body=body, bsrs5_invite=True)
