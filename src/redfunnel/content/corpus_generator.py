"""Seeded generator of the training part of the labelled content corpus (``data/train.jsonl``).

Why generated: a team has no labelled bank posts on day one, and thousands of hand-labelled
notes are out of reach; composing notes from fragment banks, one bank per label dimension
(pillar framing, product facts, audience hooks) gives the model the cue words of each label
independently of the others, with Xiaohongshu noise around them (emoji, ``[赞R]`` codes, slang,
``#话题[话题]#`` tags, typos, filler sentences shared by every class).

The held-out split (``data/heldout.jsonl``) was written by hand, separately and before these
fragments, and is never read here: it measures whether cue words learnt from fragments carry
over to independently phrased posts. Run ``python -m redfunnel.content.corpus_generator`` to
rewrite the training file; the output is committed as text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20261129
N_EXAMPLES = 2400
OUT = Path(__file__).parent / "data" / "train.jsonl"

# ---- product fragments: names, facts (education), features (product), operations (service),
# scams (anti_fraud), perks (activity) -----------------------------------------------------
PRODUCT: dict[str, dict[str, list[str]]] = {
    "credit_card": {
        "name": ["信用卡", "新卡", "这张卡", "白金卡", "联名信用卡", "双币信用卡", "卡"],
        "fact": [
            "账单日出账后到还款日之间是免息期，最长能有50多天",
            "最低还款不是免息，会从记账日起全额计息",
            "信用卡取现没有免息期，还有手续费",
            "按时还款、多场景消费，额度才会慢慢涨",
            "分期的手续费折算成年化可能比看上去高不少",
            "逾期记录会上征信，影响以后贷款",
        ],
        "feat": [
            "新户首年免年费，刷卡6次再免次年",
            "周三外卖立减，周五咖啡半价",
            "积分可以兑换航空里程和视频会员",
            "境外消费返现，免货币转换费",
            "卡面颜值超高，还能自选卡号",
            "支持账单分期，手续费有折扣",
        ],
        "op": [
            "打开App进入信用卡页面，点账单再选分期",
            "在App设置自动还款，再也不怕忘记还卡",
            "激活新卡：App扫一扫卡片，设置交易密码",
            "临时额度可以在App里申请，审批很快",
            "销卡前先还清欠款、用完积分",
        ],
        "scam": [
            "自称客服说能帮你提额，先要交保证金",
            "短信说你的信用卡积分快过期，点链接兑换现金",
            "代办信用卡“包下卡”，先收手续费",
        ],
        "perk": [
            "新户首刷送行李箱",
            "刷卡满额抽奖送手机",
            "每周五指定商户五折",
            "推荐好友办卡双方都有礼",
        ],
        "tag": ["信用卡", "信用卡攻略", "用卡技巧", "信用卡推荐", "卡片"],
    },
    "consumer_loan": {
        "name": ["消费贷", "信用贷", "装修贷", "线上贷款", "个人贷款", "分期贷"],
        "fact": [
            "看贷款别只看日息，要换算成年化利率",
            "日息万五换算成年化是18%以上",
            "等额本息和先息后本，实际利率不一样",
            "频繁申请网贷会让征信查询记录变花",
            "借钱前先算清楚每月还款占收入的比例",
        ],
        "feat": [
            "最高30万额度，线上申请最快当天放款",
            "年化利率低至3%起，随借随还",
            "按日计息，提前还款免违约金",
            "装修、买车、旅游都能用",
            "纯信用无抵押，凭公积金就能申请",
        ],
        "op": [
            "App贷款频道选择产品，填写用途和金额",
            "授权征信查询后等待审批，额度以审批结果为准",
            "在我的借款里可以提前还款",
            "放款后贷款资金要按约定用途使用",
        ],
        "scam": [
            "“无视征信秒下款”，先交解冻费",
            "假冒贷款App让你先交会员费、保证金",
            "说你的账户流水不够要刷流水才能放款",
        ],
        "perk": ["限时领取利率优惠券", "首次借款享息费折扣", "借款满额抽取购物卡"],
        "tag": ["消费贷", "贷款", "理性借贷", "借钱", "装修"],
    },
    "mortgage": {
        "name": ["房贷", "按揭贷款", "首套房贷", "公积金组合贷", "二手房贷款", "住房贷款"],
        "fact": [
            "等额本金总利息更少，等额本息月供固定",
            "房贷利率跟着LPR走，重定价日才调整",
            "提前还款可以选缩短年限或减少月供",
            "公积金贷款额度和缴存基数、年限都有关系",
            "首付比例和利率要看当地政策",
        ],
        "feat": [
            "首套房利率优惠，审批最快三个工作日",
            "公积金+商贷组合一站式办理",
            "二手房资金监管+按揭一次搞定",
            "线上预审额度，看房前心里有数",
        ],
        "op": [
            "App贷款页面预约提前还款，选择部分或全部",
            "准备身份证、收入证明、购房合同到网点面签",
            "存量房贷利率调整会自动生效，App里能查新利率",
            "还款账户余额记得在扣款日前存够",
        ],
        "scam": ["有人说能帮你把房贷转成低息贷款，先借他们的过桥资金", "中介说能包装材料降低首付"],
        "perk": ["房贷客户装修分期满减", "新签房贷送家电礼包", "房贷客户专享理财加息券"],
        "tag": ["房贷", "买房", "首套房", "LPR", "提前还房贷"],
    },
    "deposit": {
        "name": ["定期存款", "大额存单", "存款", "零存整取", "通知存款", "储蓄"],
        "fact": [
            "存款保险同一银行本息合计最高保50万",
            "大额存单20万起存，可以转让",
            "定期提前支取会按活期计息",
            "零存整取适合每月强制存一笔钱",
            "到期自动转存要在开户时约定",
        ],
        "feat": [
            "三年期大额存单额度上新，先到先得",
            "定期存款利率上浮，起存50元",
            "存单可以质押，急用钱不用提前支取",
            "手机银行就能存定期，随时查看到期日",
        ],
        "op": [
            "存单丢失先电话挂失，再带身份证到网点补办",
            "App存款页面可以查看到期日和利率",
            "到期未转存的存款会按活期计息",
            "大额存单转让在App转让专区操作",
        ],
        "scam": ["菜市场发传单说“存款”年息10%还送米面油", "假冒银行员工说有内部高息存款"],
        "perk": ["新存款满额送鸡蛋大米", "存款达标抽取福利", "存款客户到网点领取节日礼品"],
        "tag": ["存钱", "存款", "大额存单", "攒钱", "定期"],
    },
    "wealth": {
        "name": ["理财", "理财产品", "稳健理财", "现金管理理财", "零钱理财", "固收理财"],
        "fact": [
            "理财产品都是净值型，不保本也不保收益",
            "风险等级R1到R5，越高波动越大",
            "七日年化是过去七天收益折算，不代表未来",
            "业绩比较基准不是承诺收益",
            "买理财前要做风险测评，选和自己匹配的",
        ],
        "feat": [
            "1元起购，随用随取",
            "中低风险R2，180天持有期",
            "业绩比较基准2.8%-3.5%",
            "工资到账自动转入理财",
        ],
        "op": [
            "到期资金1-3个工作日到账，节假日顺延",
            "App我的理财可以查看持仓和收益",
            "赎回前看清楚是否有持有期限制",
        ],
        "scam": ["“内部渠道保本年化15%”私下转账购买", "陌生人拉你进投资群推荐高收益理财"],
        "perk": ["新人领取理财体验金", "理财加息券限时领取", "首购理财送积分"],
        "tag": ["理财", "理财小白", "稳健理财", "理财知识", "攒钱"],
    },
    "fund_insurance": {
        "name": ["基金", "基金定投", "指数基金", "保险", "医疗险", "重疾险", "养老保险"],
        "fact": [
            "定投用时间摊平成本，但也可能亏损",
            "指数基金跟踪指数，费率低",
            "医疗险报销费用，重疾险确诊给付",
            "买保险先看保障责任和免责条款",
            "基金净值每天波动，别追涨杀跌",
        ],
        "feat": [
            "百万医疗险一年只要两百多",
            "手机银行就能投保，理赔线上办",
            "申购费打一折",
            "精选基金组合一键配置",
        ],
        "op": [
            "App基金频道设置定投日期和金额",
            "理赔材料：病历、发票、诊断证明，拍照上传",
            "保单可以在App保险频道查询",
        ],
        "scam": ["冒充保险公司说能全额退保，再推荐高息理财", "“老师”带你买基金，要求下载陌生App"],
        "perk": ["定投打卡瓜分红包", "首投基金送体验金", "投保送体检券"],
        "tag": ["基金", "基金定投", "保险", "保险科普", "医疗险"],
    },
    "gold": {
        "name": ["积存金", "金条", "实物黄金", "黄金", "金饰", "金豆"],
        "fact": [
            "积存金按克积攒，门槛低",
            "实物金提取要收加工费",
            "黄金ETF在证券账户交易",
            "金价波动大，别把闲钱全换成黄金",
            "黄金是压舱石不是暴富工具",
        ],
        "feat": [
            "1克起买，每天都能攒",
            "生肖金条开售，多种克重",
            "网点现货，App预约提取",
            "支持按克定投积存金",
        ],
        "op": [
            "积存金兑换实物在App选规格和网点",
            "实物黄金回购要带购买凭证",
            "兑换实物金按规格收取手续费",
        ],
        "scam": ["陌生群里的“老师”带你炒黄金", "上门高价回收黄金，称重做手脚"],
        "perk": ["猜金价赢金豆", "买金饰送定制礼盒", "积存金定投满额送好礼"],
        "tag": ["黄金", "攒金豆", "积存金", "金价"],
    },
    "fx_study_abroad": {
        "name": ["换汇", "购汇", "境外汇款", "外币现钞", "留学汇款", "境外卡"],
        "fact": [
            "每人每年便利化购汇额度5万美元等值",
            "学费可以凭录取通知书和缴费单超额度购汇",
            "外币存款利率高但要考虑汇率波动",
            "电汇有手续费和中转行费用",
        ],
        "feat": [
            "留学缴费汇率优惠",
            "境外取现每月免费几笔",
            "境外消费免货币转换费",
            "资金证明当天出中英文版",
        ],
        "op": [
            "App跨境汇款填写学校SWIFT代码和学号",
            "小币种现钞提前两三个工作日预约",
            "出国前开通境外交易功能",
            "资金证明需要冻结存款到指定日期",
        ],
        "scam": ["私下找人换汇，收到的是诈骗赃款", "冒充使馆说你涉案要配合调查"],
        "perk": ["留学季购汇点差优惠", "晒offer送境外流量卡", "换汇抽行李箱"],
        "tag": ["换汇", "外汇", "境外汇款", "出国", "汇率"],
    },
    "pension": {
        "name": ["个人养老金", "养老金", "养老储蓄", "养老理财", "养老目标基金"],
        "fact": [
            "个人养老金每年最多存12000元，可以抵扣个税",
            "基本养老金每年会根据物价调整",
            "养老三支柱：基本养老、企业年金、个人养老金",
            "个人养老金账户的钱退休后才能领取",
        ],
        "feat": [
            "特定养老储蓄保本保息，期限长",
            "养老目标日期基金，适合长期持有",
            "养老理财产品封闭期五年",
        ],
        "op": [
            "App搜索个人养老金，三分钟开户",
            "养老金到账后可以在手机银行查询",
            "个税App里确认个人养老金抵扣",
        ],
        "scam": [
            "“以房养老”承诺高额返利",
            "养老公寓预交会员费后人去楼空",
            "冒充社保局说养老金资格要认证",
        ],
        "perk": ["开户个人养老金领立减金", "代发养老金客户领节日礼品", "养老金客户免费测血压"],
        "tag": ["养老金", "个人养老金", "养老", "退休"],
    },
    "debit_payment": {
        "name": ["银行卡", "借记卡", "手机银行", "数字人民币", "收付款", "工资卡", "一类户"],
        "fact": [
            "一类户、二类户、三类户功能不一样",
            "手机银行有单笔单日转账限额",
            "支付密码不要用生日",
            "跨行转账手机银行大多免费",
        ],
        "feat": [
            "借记卡免年费免短信费",
            "数字人民币钱包有红包活动",
            "电子账户线上就能开",
            "跨行取现免手续费",
        ],
        "op": [
            "带身份证到网点解除非柜面限制",
            "App明细查询里下载电子回单",
            "忘记密码带身份证和卡到网点重置",
            "转账限额在App安全中心调整",
        ],
        "scam": [
            "开屏幕共享后验证码被看光",
            "出租出借银行卡会变成帮凶",
            "ETC认证失效的短信链接是仿冒网站",
        ],
        "perk": ["绑卡支付随机立减", "双11支付立减最高50元", "新开卡乘车立减"],
        "tag": ["银行卡", "手机银行", "转账", "支付"],
    },
    "sme": {
        "name": ["经营贷", "对公账户", "商户收款码", "小微贷款", "普惠贷款", "发票贷"],
        "fact": [
            "银行批经营贷看流水、纳税和老板征信",
            "收款尽量走经营账户，方便证明经营情况",
            "开店不满一年可以先积累纳税记录",
        ],
        "feat": [
            "凭营业执照和纳税记录就能申请，最高百万",
            "随借随还按日计息",
            "收款T+0到账，费率低",
            "对公开户线上预约",
        ],
        "op": [
            "对公开户带营业执照、公章、法人身份证",
            "电子税务局开发票，有问题问客户经理",
            "商户收款码在App商户频道申请",
        ],
        "scam": ["中介说能包装流水保证批贷", "冒充老板微信让财务转账"],
        "perk": ["新开对公账户送收款音箱", "商户收款抽红包", "小微贷款利率券限时发放"],
        "tag": ["小微企业", "个体户", "经营贷", "开店"],
    },
}

NONE_FRAGMENTS: dict[str, list[str]] = {
    "education": [
        "征信报告每年可以免费查两次",
        "人民币防伪：一看二摸三听四测",
        "金融消费者有八项基本权利",
        "五险一金是什么，工资条上一次看懂",
        "复利就是利滚利，时间越长越明显",
        "记账是攒钱的第一步",
    ],
    "service": [
        "网点营业时间以各网点公告为准",
        "App网点服务里可以预约取号",
        "忘记登录密码在登录页重置",
        "客服热线24小时有人接",
        "手机银行切换长辈版，字更大",
        "假期线上服务不打烊",
    ],
    "anti_fraud": [
        "公检法不会电话办案，更没有安全账户",
        "网恋对象带你投资100%是骗局",
        "刷单返利都是先返小钱再骗大钱",
        "AI换脸视频借钱，要多种方式核实",
        "注销校园贷是诈骗话术",
        "快递理赔让你开备用金的是骗子",
        "游戏低价卖装备先付款再解冻是骗局",
    ],
    "activity": [
        "关注+点赞+评论就能参与抽奖",
        "评论区揪宝子送周边",
        "晒图带话题赢好礼",
        "答题闯关赢福利",
    ],
    "product": ["我们的新App上线了，界面更清爽", "新版手机银行功能全面升级"],
}

PILLAR: dict[str, dict[str, list[str]]] = {
    "education": {
        "title": [
            "{n}到底是什么？一文讲清",
            "关于{n}，90%的人都搞错了",
            "{n}小知识｜建议收藏",
            "一图看懂{n}",
            "{n}避坑指南，看完少走弯路",
            "小白也能懂的{n}科普",
            "{n}的这些冷知识你知道吗",
            "搞懂{n}，从这篇开始",
        ],
        "open": [
            "今天来聊一个大家经常问的问题👇",
            "后台好多人私信问这个，统一回复一下",
            "金融小课堂开课啦📚",
            "很多人对这件事有误会，今天一次说清",
            "干货预警！建议先收藏再看",
        ],
        "close": [
            "学会了吗？有问题评论区见",
            "收藏起来慢慢看📌",
            "转给需要的朋友吧",
            "关注我，每周一个金融小知识",
        ],
        "tag": ["金融知识", "干货分享", "投资者教育", "涨知识", "金融小课堂"],
    },
    "anti_fraud": {
        "title": [
            "警惕！{n}相关的新骗局",
            "⚠️这种电话快挂！",
            "真实案例｜差点被骗了",
            "防骗提醒：{n}的套路",
            "骗子又换新花样了，速看",
            "千万别信！",
            "接到这种电话，立刻挂断",
            "反诈小课堂：这些话术要警惕",
        ],
        "open": [
            "最近有粉丝差点被骗，来复盘一下😰",
            "网点今天拦截了一起诈骗",
            "骗子的剧本其实都一样",
            "一定要转给家里人看看‼️",
            "这种骗局最近高发",
        ],
        "close": [
            "拿不准就挂断，打96110或官方客服核实",
            "不转账、不透露验证码、不点陌生链接",
            "守护好钱袋子💪",
            "遇到可疑情况第一时间报警",
        ],
        "tag": ["反诈", "防骗指南", "反诈宣传", "防骗", "全民反诈"],
    },
    "service": {
        "title": [
            "{n}怎么办理？手把手教你",
            "{n}操作指南，一看就会",
            "{n}攻略｜收藏备用",
            "关于{n}的常见问题解答",
            "{n}流程全在这了",
            "办{n}要带什么？",
            "网点营业时间&{n}服务安排",
            "{n}遇到问题怎么办",
        ],
        "open": [
            "很多人问怎么办，流程在这👇",
            "不用跑网点，手机上就能办",
            "整理了一份办事指南",
            "小编亲测，步骤如下",
            "第一次办别慌",
        ],
        "close": [
            "有问题可以拨打客服热线",
            "具体以网点公告和App页面为准",
            "还有疑问评论区留言，小编一一解答",
            "收藏好，下次办事不用到处问",
        ],
        "tag": ["办事指南", "操作指南", "攻略", "营业时间", "手机银行"],
    },
    "product": {
        "title": [
            "这款{n}真的香！",
            "{n}上新啦",
            "谁用谁知道，{n}安利一下",
            "{n}推荐｜亲测好用",
            "打工人必备的{n}",
            "{n}怎么选？这款闭眼入",
            "新品｜{n}来了",
            "我的{n}种草清单",
        ],
        "open": [
            "用了一段时间，真心推荐",
            "姐妹们，这个一定要知道",
            "新产品上线，先给大家剧透",
            "性价比天花板来了",
            "闭眼入不踩雷",
        ],
        "close": [
            "想了解的评论区扣1",
            "详情可以在App搜索了解",
            "名额有限先到先得",
            "产品详情以官方页面为准",
        ],
        "tag": ["好物推荐", "种草", "上新", "福利"],
    },
    "activity": {
        "title": [
            "福利来了！{n}活动开启",
            "评论区抽奖🎁",
            "限时！{n}立减活动",
            "薅羊毛｜{n}福利别错过",
            "宠粉福利，转发抽好礼",
            "{n}狂欢节来了",
            "参与就送！",
            "今天宠粉，抽{k}位宝子",
        ],
        "open": [
            "活动时间有限，冲冲冲",
            "宝子们福利来啦🎉",
            "又到了宠粉时间",
            "这波羊毛不薅白不薅",
        ],
        "close": [
            "活动规则以页面为准，名额有限先到先得",
            "关注+点赞+评论即可参与，周五开奖",
            "中奖名单会在评论区公布",
            "数量有限，送完即止",
        ],
        "tag": ["抽奖", "福利", "宠粉", "薅羊毛", "优惠活动"],
    },
    "brand": {
        "title": [
            "我们{y}周年啦！",
            "荣获年度大奖🏆",
            "新春快乐，给大家拜年",
            "官宣！",
            "一图读懂我们的年度报告",
            "绿色金融，我们在行动",
            "乡村振兴的故事",
            "中秋快乐，月圆人团圆",
            "品牌焕新，全新出发",
        ],
        "open": [
            "感谢每一位客户一路同行",
            "这一年我们做了很多事",
            "金融为民，初心不变",
            "用温暖的金融服务每一个人",
        ],
        "close": ["未来，我们继续陪伴你", "感谢信任，一起向前", "祝大家幸福安康", "我们一直都在"],
        "tag": ["品牌", "周年庆", "社会责任", "普惠金融", "ESG", "新年快乐"],
        "body": [
            "从一家网点到服务千万客户",
            "今年我们为乡村种植户发放助农贷款",
            "支持的风电项目并网发电",
            "员工志愿者走进山区小学送去图书",
            "荣获最佳手机银行奖项",
            "发布新一代数字金融平台",
            "网点配备老花镜和爱心座椅",
            "围绕就业安居推出专属金融服务",
        ],
    },
    "lifestyle": {
        "title": [
            "银行人的一天vlog",
            "今天的晚霞太美了",
            "周末去哪儿？citywalk路线分享",
            "办公室日常",
            "打工人午饭吃什么",
            "吉祥物今日营业中",
            "新人报到，请多关照",
            "今日份小确幸",
        ],
        "open": [
            "记录一下平凡又可爱的一天",
            "上班路上拍到的",
            "同事推荐的宝藏小店",
            "今天来点轻松的",
        ],
        "close": ["你们的周末是怎么过的？", "评论区分享你的日常", "今天也辛苦啦", "明天见～"],
        "tag": ["日常", "vlog", "治愈", "打工人日常", "生活记录", "citywalk"],
        "body": [
            "早上八点晨会，九点开门迎客",
            "网点门口的花开了",
            "小熊吉祥物今天学会了数钱（误）",
            "楼下的面馆开了二十年",
            "下班去江边散了个步",
            "同事养的绿萝爬满半面墙",
            "老奶奶给柜员送了自己种的橘子",
        ],
    },
}

SEGMENT: dict[str, dict[str, list[str]]] = {
    "gen_z": {
        "hook": [
            "学生党看过来",
            "大学生第一次用",
            "00后的第一张卡",
            "开学前一定要知道",
            "宿舍姐妹都在问",
            "零花钱不够花的同学",
            "校园里的小伙伴",
        ],
        "term": ["学生党", "大学生", "00后", "新生"],
        "tag": ["大学生", "学生党", "开学季", "00后", "校园"],
    },
    "young_professional": {
        "hook": [
            "打工人看过来",
            "刚工作的职场新人",
            "月光族必看",
            "工资到账就没了？",
            "每天通勤两小时的你",
            "社畜的自我修养",
            "加班到深夜的打工人",
        ],
        "term": ["打工人", "职场人", "上班族", "月光族"],
        "tag": ["打工人", "职场", "上班族", "月光族", "搞钱"],
    },
    "new_citizen": {
        "hook": [
            "刚来这座城市工作",
            "外地来打工的朋友",
            "新市民看这里",
            "租房的朋友",
            "刚落户的新市民",
            "从老家来城里的工友",
        ],
        "term": ["新市民", "外来务工人员", "异乡人"],
        "tag": ["新市民", "外来务工", "租房", "安家"],
    },
    "study_abroad": {
        "hook": [
            "准留学生看过来",
            "拿到offer之后",
            "出国读书前",
            "在海外的留学生",
            "留学党必看",
            "家长送孩子出国前",
        ],
        "term": ["留学生", "留学党", "出国党"],
        "tag": ["留学", "留学生", "出国留学", "留学季"],
    },
    "senior": {
        "hook": [
            "转给爸妈看",
            "家里的长辈注意",
            "退休的叔叔阿姨",
            "老年朋友看过来",
            "陪父母一起看",
            "给爷爷奶奶讲清楚",
        ],
        "term": ["长辈", "爸妈", "老年人", "退休人员"],
        "tag": ["长辈", "老年人", "养老", "孝心", "银发"],
    },
    "sme_owner": {
        "hook": [
            "老板们注意",
            "开店的朋友",
            "个体户看过来",
            "小微企业主必看",
            "做生意的老板",
            "开公司的创业者",
        ],
        "term": ["老板", "个体户", "小微企业主", "商户"],
        "tag": ["小微企业", "个体户", "创业", "老板"],
    },
    "general": {
        "hook": [""],
        "term": ["大家", "朋友们", "宝子们", "家人们"],
        "tag": ["银行", "金融"],
    },
}

SLANG = [
    "绝绝子",
    "yyds",
    "谁懂啊",
    "家人们",
    "宝子们",
    "狠狠码住",
    "冲鸭",
    "u1s1",
    "救命",
    "破防了",
    "真的会谢",
    "码住",
    "速看",
    "不看后悔",
    "划重点",
]
EMOJI = [
    "✨",
    "💰",
    "📌",
    "👇",
    "‼️",
    "😭",
    "🥰",
    "🔥",
    "💡",
    "📣",
    "👀",
    "🙌",
    "[赞R]",
    "[哇R]",
    "[派对R]",
    "[萌萌哒R]",
    "[买爆R]",
    "[doge]",
    "",
]
FILLER = [
    "有问题欢迎评论区交流",
    "记得点赞收藏",
    "每天分享一点点",
    "今天就说到这里",
    "小编整理不易",
    "欢迎关注",
    "我们下期见",
    "你们还想看什么内容？",
]
TYPOS = {"账": "帐", "的": "滴", "还款": "换款", "知道": "造", "什么": "啥"}

# Which products a pillar speaks about, and how often a post names no product at all.
PILLAR_WEIGHTS = {
    "education": 1.2,
    "anti_fraud": 1.0,
    "service": 1.1,
    "product": 1.1,
    "activity": 1.0,
    "brand": 0.8,
    "lifestyle": 0.8,
}
NONE_SHARE = {
    "education": 0.2,
    "anti_fraud": 0.45,
    "service": 0.25,
    "product": 0.0,
    "activity": 0.2,
    "brand": 0.85,
    "lifestyle": 1.0,
}
SEGMENT_AFFINITY = {
    "credit_card": ["gen_z", "young_professional", "study_abroad"],
    "consumer_loan": ["young_professional", "new_citizen"],
    "mortgage": ["young_professional", "new_citizen"],
    "deposit": ["senior", "young_professional"],
    "wealth": ["young_professional", "senior"],
    "fund_insurance": ["young_professional", "senior"],
    "gold": ["young_professional", "senior", "gen_z"],
    "fx_study_abroad": ["study_abroad"],
    "pension": ["senior", "young_professional"],
    "debit_payment": ["gen_z", "senior", "new_citizen"],
    "sme": ["sme_owner"],
    "none": ["gen_z", "young_professional", "new_citizen", "senior", "study_abroad", "sme_owner"],
}


def _pick(rng: random.Random, items: list[str]) -> str:
    return rng.choice(items)


def _noise(rng: random.Random, text: str) -> str:
    if rng.random() < 0.08:
        for a, b in TYPOS.items():
            if a in text and rng.random() < 0.5:
                text = text.replace(a, b, 1)
                break
    return text


def _example(rng: random.Random) -> dict[str, str]:
    pillars = list(PILLAR_WEIGHTS)
    pillar = rng.choices(pillars, weights=[PILLAR_WEIGHTS[p] for p in pillars])[0]
    product = "none" if rng.random() < NONE_SHARE[pillar] else _pick(rng, list(PRODUCT))
    if rng.random() < 0.42:
        segment = "general"
    elif rng.random() < 0.75:
        segment = _pick(rng, SEGMENT_AFFINITY[product])
    else:
        segment = _pick(rng, [s for s in SEGMENT if s != "general"])
    pf = PILLAR[pillar]
    seg = SEGMENT[segment]
    prod = PRODUCT.get(product)
    name = (
        _pick(rng, prod["name"])
        if prod
        else _pick(rng, ["金融知识", "这件事", "假期", "账户安全", "办事"])
    )
    title = _pick(rng, pf["title"]).format(
        n=name, k=rng.choice([3, 5, 10]), y=rng.choice([20, 30, 35])
    )
    if segment != "general" and rng.random() < 0.45:
        title = _pick(
            rng,
            [
                f"{_pick(rng, seg['term'])}必看｜{title}",
                f"{title}（{_pick(rng, seg['term'])}版）",
                f"{_pick(rng, seg['hook'])}！{title}",
            ],
        )
    if rng.random() < 0.5:
        title += _pick(rng, EMOJI)
    body: list[str] = []
    if segment != "general" and rng.random() < 0.85:
        body.append(_pick(rng, seg["hook"]) + _pick(rng, ["！", "～", "，", "👇", "："]))
    elif rng.random() < 0.3:
        body.append(_pick(rng, SLANG) + "！")
    body.append(_pick(rng, pf["open"]) + _pick(rng, EMOJI))
    key = {
        "education": "fact",
        "product": "feat",
        "service": "op",
        "anti_fraud": "scam",
        "activity": "perk",
    }.get(pillar)
    if prod and key:
        pool = prod[key] + (prod["fact"] if pillar == "product" else [])
        lines = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    elif key:
        pool = NONE_FRAGMENTS.get(pillar, [])
        lines = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    else:
        lines = rng.sample(pf["body"], k=rng.randint(1, 2))
        if prod:
            name_ = _pick(rng, prod["name"])
            kind = _pick(rng, ["服务", "业务"])
            lines.append(name_ + kind + _pick(rng, ["越来越好", "陪伴更多人"]))
    if segment != "general" and rng.random() < 0.5:
        term = _pick(rng, seg["term"])
        lines.append(term + _pick(rng, ["尤其要注意", "特别适合", "用得上", "也可以看看"]))
    numbered = rng.random() < 0.5
    for i, line in enumerate(lines):
        prefix = f"{i + 1}️⃣" if numbered else _pick(rng, ["", "▪️", "✅", "👉", ""])
        body.append(prefix + _noise(rng, line) + _pick(rng, ["", "。", "！", "~"]))
    body.append(_pick(rng, pf["close"]) + _pick(rng, EMOJI))
    if rng.random() < 0.4:
        body.append(_pick(rng, FILLER))
    tags = rng.sample(pf["tag"], k=rng.randint(1, 2))
    if prod:
        tags += rng.sample(prod["tag"], k=rng.randint(1, 2))
    if segment != "general" or rng.random() < 0.3:
        tags += rng.sample(seg["tag"], k=1)
    rng.shuffle(tags)
    sep = _pick(rng, ["\n", " ", "\n\n"])
    text = sep.join(body)
    if rng.random() < 0.85:
        text += " \n\t\n" + " ".join(f"#{t}[话题]#" for t in dict.fromkeys(tags))
    return {"title": title, "body": text, "pillar": pillar, "product": product, "segment": segment}


def generate(n: int = N_EXAMPLES, seed: int = SEED) -> list[dict[str, str]]:
    """``n`` labelled examples, identical for the same seed."""
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        ex = _example(rng)
        key = ex["title"] + ex["body"]
        if key not in seen:
            seen.add(key)
            out.append(ex)
    return out


def main() -> None:
    rows = generate()
    with OUT.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            fh.write(json.dumps({"id": f"train-{i:05d}", **row}, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} examples to {OUT}")


if __name__ == "__main__":
    main()
