/**
 * Top-level domain tables, one copy each: twitter-text's (Mastodon's URL matcher, utils/text/links.ts)
 * and the IANA root zone's ASCII ones (Bluesky's facets, utils/networks/bluesky/facets.ts). They
 * differ because the servers they mirror use different lists.
 */

/** A table from its written form. Each table is built where it is used (annotated pure): the popup,
 *  which counts for Mastodon but makes no Bluesky facets, carries only twitter-text's. */
function table(separator: string, list: string): Set<string> {
  return new Set(list.split(separator));
}

/*
 * twitter-text's top-level domains (https://github.com/twitter/twitter-text/blob/master/conformance/tld_lib.yml,
 * the list in the twitter-text 3.x gem Mastodon pins). Generic ones are tried before country codes;
 * within a list the longer of two candidates wins, as the list's order makes the regex do.
 */
export const TWITTER_TEXT_GENERIC_TLDS = /* @__PURE__ */ table(
  '|',
  (
    '삼성|닷컴|닷넷|香格里拉|餐厅|食品|飞利浦|電訊盈科|集团|通販|购物|谷歌|诺基亚|联通|网络|网站|网店|网址|组织机构|移动|珠宝|点看|游戏|淡马锡|机构|書籍|时尚|新闻|' +
    '政府|政务|招聘|手表|手机|我爱你|慈善|微博|广东|工行|家電|娱乐|天主教|大拿|大众汽车|在线|嘉里大酒店|嘉里|商标|商店|商城|公益|公司|八卦|健康|信息|佛山|企业|' +
    '中文网|中信|世界|ポイント|ファッション|セール|ストア|コム|グーグル|クラウド|みんな|คอม|संगठन|नेट|कॉम|همراه|موقع|موبايلي|كوم|' +
    'كاثوليك|عرب|شبكة|بيتك|بازار|العليان|ارامكو|اتصالات|ابوظبي|קום|сайт|рус|орг|онлайн|москва|ком|' +
    'католик|дети|zuerich|zone|zippo|zip|zero|zara|zappos|yun|youtube|you|yokohama|yoga|yodobashi|' +
    'yandex|yamaxun|yahoo|yachts|xyz|xxx|xperia|xin|xihuan|xfinity|xerox|xbox|wtf|wtc|wow|world|' +
    'works|work|woodside|wolterskluwer|wme|winners|wine|windows|win|williamhill|wiki|wien|whoswho|' +
    'weir|weibo|wedding|wed|website|weber|webcam|weatherchannel|weather|watches|watch|warman|' +
    'wanggou|wang|walter|walmart|wales|vuelos|voyage|voto|voting|vote|volvo|volkswagen|vodka|' +
    'vlaanderen|vivo|viva|vistaprint|vista|vision|visa|virgin|vip|vin|villas|viking|vig|video|' +
    'viajes|vet|versicherung|vermögensberatung|vermögensberater|verisign|ventures|vegas|vanguard|' +
    'vana|vacations|ups|uol|uno|university|unicom|uconnect|ubs|ubank|tvs|tushu|tunes|tui|tube|trv|' +
    'trust|travelersinsurance|travelers|travelchannel|travel|training|trading|trade|toys|toyota|' +
    'town|tours|total|toshiba|toray|top|tools|tokyo|today|tmall|tkmaxx|tjx|tjmaxx|tirol|tires|tips|' +
    'tiffany|tienda|tickets|tiaa|theatre|theater|thd|teva|tennis|temasek|telefonica|telecity|tel|' +
    'technology|tech|team|tdk|tci|taxi|tax|tattoo|tatar|tatamotors|target|taobao|talk|taipei|tab|' +
    'systems|symantec|sydney|swiss|swiftcover|swatch|suzuki|surgery|surf|support|supply|supplies|' +
    'sucks|style|study|studio|stream|store|storage|stockholm|stcgroup|stc|statoil|statefarm|' +
    'statebank|starhub|star|staples|stada|srt|srl|spreadbetting|spot|sport|spiegel|space|soy|sony|' +
    'song|solutions|solar|sohu|software|softbank|social|soccer|sncf|smile|smart|sling|skype|sky|' +
    'skin|ski|site|singles|sina|silk|shriram|showtime|show|shouji|shopping|shop|shoes|shiksha|shia|' +
    'shell|shaw|sharp|shangrila|sfr|sexy|sex|sew|seven|ses|services|sener|select|seek|security|' +
    'secure|seat|search|scot|scor|scjohnson|science|schwarz|schule|school|scholarships|schmidt|' +
    'schaeffler|scb|sca|sbs|sbi|saxo|save|sas|sarl|sapo|sap|sanofi|sandvikcoromant|sandvik|samsung|' +
    'samsclub|salon|sale|sakura|safety|safe|saarland|ryukyu|rwe|run|ruhr|rugby|rsvp|room|rogers|' +
    'rodeo|rocks|rocher|rmit|rip|rio|ril|rightathome|ricoh|richardli|rich|rexroth|reviews|review|' +
    'restaurant|rest|republican|report|repair|rentals|rent|ren|reliance|reit|reisen|reise|rehab|' +
    'redumbrella|redstone|red|recipes|realty|realtor|realestate|read|raid|radio|racing|qvc|quest|' +
    'quebec|qpon|pwc|pub|prudential|pru|protection|property|properties|promo|progressive|prof|' +
    'productions|prod|pro|prime|press|praxi|pramerica|post|porn|politie|poker|pohl|pnc|plus|' +
    'plumbing|playstation|play|place|pizza|pioneer|pink|ping|pin|pid|pictures|pictet|pics|piaget|' +
    'physio|photos|photography|photo|phone|philips|phd|pharmacy|pfizer|pet|pccw|pay|passagens|' +
    'party|parts|partners|pars|paris|panerai|panasonic|pamperedchef|page|ovh|ott|otsuka|osaka|' +
    'origins|orientexpress|organic|org|orange|oracle|open|ooo|onyourside|online|onl|ong|one|omega|' +
    'ollo|oldnavy|olayangroup|olayan|okinawa|office|off|observer|obi|nyc|ntt|nrw|nra|nowtv|nowruz|' +
    'now|norton|northwesternmutual|nokia|nissay|nissan|ninja|nikon|nike|nico|nhk|ngo|nfl|nexus|' +
    'nextdirect|next|news|newholland|new|neustar|network|netflix|netbank|net|nec|nba|navy|natura|' +
    'nationwide|name|nagoya|nadex|nab|mutuelle|mutual|museum|mtr|mtpc|mtn|msd|movistar|movie|mov|' +
    'motorcycles|moto|moscow|mortgage|mormon|mopar|montblanc|monster|money|monash|mom|moi|moe|moda|' +
    'mobily|mobile|mobi|mma|mls|mlb|mitsubishi|mit|mint|mini|mil|microsoft|miami|metlife|merckmsd|' +
    'meo|menu|men|memorial|meme|melbourne|meet|media|med|mckinsey|mcdonalds|mcd|mba|mattel|' +
    'maserati|marshalls|marriott|markets|marketing|market|map|mango|management|man|makeup|maison|' +
    'maif|madrid|macys|luxury|luxe|lupin|lundbeck|ltda|ltd|lplfinancial|lpl|love|lotto|lotte|' +
    'london|lol|loft|locus|locker|loans|loan|llp|llc|lixil|living|live|lipsy|link|linde|lincoln|' +
    'limo|limited|lilly|like|lighting|lifestyle|lifeinsurance|life|lidl|liaison|lgbt|lexus|lego|' +
    'legal|lefrak|leclerc|lease|lds|lawyer|law|latrobe|latino|lat|lasalle|lanxess|landrover|land|' +
    'lancome|lancia|lancaster|lamer|lamborghini|ladbrokes|lacaixa|kyoto|kuokgroup|kred|krd|kpn|' +
    'kpmg|kosher|komatsu|koeln|kiwi|kitchen|kindle|kinder|kim|kia|kfh|kerryproperties|' +
    'kerrylogistics|kerryhotels|kddi|kaufen|juniper|juegos|jprs|jpmorgan|joy|jot|joburg|jobs|jnj|' +
    'jmp|jll|jlc|jio|jewelry|jetzt|jeep|jcp|jcb|java|jaguar|iwc|iveco|itv|itau|istanbul|ist|' +
    'ismaili|iselect|irish|ipiranga|investments|intuit|international|intel|int|insure|insurance|' +
    'institute|ink|ing|info|infiniti|industries|inc|immobilien|immo|imdb|imamat|ikano|iinet|ifm|' +
    'ieee|icu|ice|icbc|ibm|hyundai|hyatt|hughes|htc|hsbc|how|house|hotmail|hotels|hoteles|hot|' +
    'hosting|host|hospital|horse|honeywell|honda|homesense|homes|homegoods|homedepot|holiday|' +
    'holdings|hockey|hkt|hiv|hitachi|hisamitsu|hiphop|hgtv|hermes|here|helsinki|help|healthcare|' +
    'health|hdfcbank|hdfc|hbo|haus|hangout|hamburg|hair|guru|guitars|guide|guge|gucci|guardian|' +
    'group|grocery|gripe|green|gratis|graphics|grainger|gov|got|gop|google|goog|goodyear|goodhands|' +
    'goo|golf|goldpoint|gold|godaddy|gmx|gmo|gmbh|gmail|globo|global|gle|glass|glade|giving|gives|' +
    'gifts|gift|ggee|george|genting|gent|gea|gdn|gbiz|gay|garden|gap|games|game|gallup|gallo|' +
    'gallery|gal|fyi|futbol|furniture|fund|fun|fujixerox|fujitsu|ftr|frontier|frontdoor|frogans|' +
    'frl|fresenius|free|fox|foundation|forum|forsale|forex|ford|football|foodnetwork|food|foo|fly|' +
    'flsmidth|flowers|florist|flir|flights|flickr|fitness|fit|fishing|fish|firmdale|firestone|fire|' +
    'financial|finance|final|film|fido|fidelity|fiat|ferrero|ferrari|feedback|fedex|fast|fashion|' +
    'farmers|farm|fans|fan|family|faith|fairwinds|fail|fage|extraspace|express|exposed|expert|' +
    'exchange|everbank|events|eus|eurovision|etisalat|esurance|estate|esq|erni|ericsson|equipment|' +
    'epson|epost|enterprises|engineering|engineer|energy|emerck|email|education|edu|edeka|eco|eat|' +
    'earth|dvr|dvag|durban|dupont|duns|dunlop|duck|dubai|dtv|drive|download|dot|doosan|domains|' +
    'doha|dog|dodge|doctor|docs|dnp|diy|dish|discover|discount|directory|direct|digital|diet|' +
    'diamonds|dhl|dev|design|desi|dentist|dental|democrat|delta|deloitte|dell|delivery|degree|' +
    'deals|dealer|deal|dds|dclk|day|datsun|dating|date|data|dance|dad|dabur|cyou|cymru|cuisinella|' +
    'csc|cruises|cruise|crs|crown|cricket|creditunion|creditcard|credit|cpa|courses|coupons|coupon|' +
    'country|corsica|coop|cool|cookingchannel|cooking|contractors|contact|consulting|construction|' +
    'condos|comsec|computer|compare|company|community|commbank|comcast|com|cologne|college|coffee|' +
    'codes|coach|clubmed|club|cloud|clothing|clinique|clinic|click|cleaning|claims|cityeats|city|' +
    'citic|citi|citadel|cisco|circle|cipriani|church|chrysler|chrome|christmas|chloe|chintai|cheap|' +
    'chat|chase|charity|channel|chanel|cfd|cfa|cern|ceo|center|ceb|cbs|cbre|cbn|cba|catholic|' +
    'catering|cat|casino|cash|caseih|case|casa|cartier|cars|careers|career|care|cards|caravan|car|' +
    'capitalone|capital|capetown|canon|cancerresearch|camp|camera|cam|calvinklein|call|cal|cafe|' +
    'cab|bzh|buzz|buy|business|builders|build|bugatti|budapest|brussels|brother|broker|broadway|' +
    'bridgestone|bradesco|box|boutique|bot|boston|bostik|bosch|boots|booking|book|boo|bond|bom|' +
    'bofa|boehringer|boats|bnpparibas|bnl|bmw|bms|blue|bloomberg|blog|blockbuster|blanco|' +
    'blackfriday|black|biz|bio|bingo|bing|bike|bid|bible|bharti|bet|bestbuy|best|berlin|bentley|' +
    'beer|beauty|beats|bcn|bcg|bbva|bbt|bbc|bayern|bauhaus|basketball|baseball|bargains|barefoot|' +
    'barclays|barclaycard|barcelona|bar|bank|band|bananarepublic|banamex|baidu|baby|azure|axa|aws|' +
    'avianca|autos|auto|author|auspost|audio|audible|audi|auction|attorney|athleta|associates|asia|' +
    'asda|arte|art|arpa|army|archi|aramco|arab|aquarelle|apple|app|apartments|aol|anz|anquan|' +
    'android|analytics|amsterdam|amica|amfam|amex|americanfamily|americanexpress|alstom|alsace|' +
    'ally|allstate|allfinanz|alipay|alibaba|alfaromeo|akdn|airtel|airforce|airbus|aigo|aig|agency|' +
    'agakhan|africa|afl|afamilycompany|aetna|aero|aeg|adult|ads|adac|actor|active|aco|accountants|' +
    'accountant|accenture|academy|abudhabi|abogado|able|abc|abbvie|abbott|abb|abarth|aarp|aaa|' +
    'onion'
  ),
);
export const TWITTER_TEXT_COUNTRY_TLDS = /* @__PURE__ */ table(
  '|',
  (
    '한국|香港|澳門|新加坡|台灣|台湾|中國|中国|გე|ລາວ|ไทย|ලංකා|ഭാരതം|ಭಾರತ|భారత్|சிங்கப்பூர்|இலங்கை|இந்தியா|ଭାରତ|' +
    'ભારત|ਭਾਰਤ|ভাৰত|ভারত|বাংলা|भारोत|भारतम्|भारत|ڀارت|پاکستان|موريتانيا|مليسيا|مصر|قطر|فلسطين|عمان|' +
    'عراق|سورية|سودان|تونس|بھارت|بارت|ایران|امارات|المغرب|السعودية|الجزائر|البحرين|الاردن|հայ|қаз|' +
    'укр|срб|рф|мон|мкд|ею|бел|бг|ευ|ελ|zw|zm|za|yt|ye|ws|wf|vu|vn|vi|vg|ve|vc|va|uz|uy|us|um|uk|' +
    'ug|ua|tz|tw|tv|tt|tr|tp|to|tn|tm|tl|tk|tj|th|tg|tf|td|tc|sz|sy|sx|sv|su|st|ss|sr|so|sn|sm|sl|' +
    'sk|sj|si|sh|sg|se|sd|sc|sb|sa|rw|ru|rs|ro|re|qa|py|pw|pt|ps|pr|pn|pm|pl|pk|ph|pg|pf|pe|pa|om|' +
    'nz|nu|nr|np|no|nl|ni|ng|nf|ne|nc|na|mz|my|mx|mw|mv|mu|mt|ms|mr|mq|mp|mo|mn|mm|ml|mk|mh|mg|mf|' +
    'me|md|mc|ma|ly|lv|lu|lt|ls|lr|lk|li|lc|lb|la|kz|ky|kw|kr|kp|kn|km|ki|kh|kg|ke|jp|jo|jm|je|it|' +
    'is|ir|iq|io|in|im|il|ie|id|hu|ht|hr|hn|hm|hk|gy|gw|gu|gt|gs|gr|gq|gp|gn|gm|gl|gi|gh|gg|gf|ge|' +
    'gd|gb|ga|fr|fo|fm|fk|fj|fi|eu|et|es|er|eh|eg|ee|ec|dz|do|dm|dk|dj|de|cz|cy|cx|cw|cv|cu|cr|co|' +
    'cn|cm|cl|ck|ci|ch|cg|cf|cd|cc|ca|bz|by|bw|bv|bt|bs|br|bq|bo|bn|bm|bl|bj|bi|bh|bg|bf|be|bd|bb|' +
    'ba|az|ax|aw|au|at|as|ar|aq|ao|an|am|al|ai|ag|af|ae|ad|ac'
  ),
);

/*
 * The ASCII top-level domains of the IANA root zone, as in the `tlds` package @atproto/api
 * checks against (a test keeps the two equal). Internationalized ones are left out: the mention
 * and link patterns only match ASCII, and the reference accepts no `xn--` form.
 */
export const IANA_TLDS = /* @__PURE__ */ table(
  ' ',
  (
    'aaa aarp abb abbott abbvie abc able abogado abudhabi ac academy accenture accountant accountants aco actor ad ads ' +
    'adult ae aeg aero aetna af afl africa ag agakhan agency ai aig airbus airforce airtel akdn al alibaba alipay ' +
    'allfinanz allstate ally alsace alstom am amazon americanexpress americanfamily amex amfam amica amsterdam ' +
    'analytics android anquan anz ao aol apartments app apple aq aquarelle ar arab aramco archi army arpa art arte as ' +
    'asda asia associates at athleta attorney au auction audi audible audio auspost author auto autos aw aws ' +
    'ax axa az azure ' +
    'ba baby baidu banamex band bank bar barcelona barclaycard barclays barefoot bargains baseball ' +
    'basketball bauhaus bayern bb bbc bbt bbva bcg bcn bd be beats beauty beer berlin best bestbuy bet bf bg ' +
    'bh bharti bi bible bid bike bing bingo bio biz bj black blackfriday blockbuster blog bloomberg blue bm bms bmw bn ' +
    'bnpparibas bo boats boehringer bofa bom bond boo book booking bosch bostik boston bot boutique box br bradesco ' +
    'bridgestone broadway broker brother brussels bs bt build builders business buy buzz bv bw by bz bzh ' +
    'ca cab cafe cal call calvinklein cam camera camp canon capetown capital capitalone car caravan cards care career ' +
    'careers cars casa case cash casino cat catering catholic cba cbn cbre cc cd center ceo cern cf cfa cfd cg ch ' +
    'chanel channel charity chase chat cheap chintai christmas chrome church ci cipriani circle cisco citadel citi ' +
    'citic city ck cl claims cleaning click clinic clinique clothing cloud club clubmed cm cn co coach codes ' +
    'coffee college cologne com commbank community company compare computer comsec condos construction ' +
    'consulting contact contractors cooking cool coop corsica country coupon coupons courses cpa cr credit creditcard ' +
    'creditunion cricket crown crs cruise cruises cu cuisinella cv cw cx cy cymru cyou cz ' +
    'dad dance data date dating datsun day dclk dds de deal dealer deals degree delivery dell deloitte delta ' +
    'democrat dental dentist desi design dev dhl diamonds diet digital direct directory discount discover dish diy dj ' +
    'dk dm dnp do docs doctor dog domains dot download drive dtv dubai dupont durban dvag dvr dz ' +
    'earth eat ec eco edeka edu education ee eg email emerck energy engineer engineering enterprises epson equipment ' +
    'er ericsson erni es esq estate et eu eurovision eus events exchange expert exposed express extraspace ' +
    'fage fail fairwinds faith family fan fans farm farmers fashion fast fedex feedback ferrari ferrero fi fidelity ' +
    'fido film final finance financial fire firestone firmdale fish fishing fit fitness fj fk flickr flights flir ' +
    'florist flowers fly fm fo foo food football ford forex forsale forum foundation fox fr free fresenius frl ' +
    'frogans frontier ftr fujitsu fun fund furniture futbol fyi ' +
    'ga gal gallery gallo gallup game games gap garden gay gb gbiz gd gdn ge gea gent genting george gf gg ggee gh gi ' +
    'gift gifts gives giving gl glass gle global globo gm gmail gmbh gmo gmx gn godaddy gold goldpoint golf goo ' +
    'goodyear goog google gop got gov gp gq gr grainger graphics gratis green gripe grocery group gs gt gu ' +
    'gucci guge guide guitars guru gw gy ' +
    'hair hamburg hangout haus hbo hdfc hdfcbank health healthcare help helsinki here hermes hiphop hisamitsu hitachi ' +
    'hiv hk hkt hm hn hockey holdings holiday homedepot homegoods homes homesense honda horse hospital host hosting ' +
    'hot hotels hotmail house how hr hsbc ht hu hughes hyatt hyundai ' +
    'ibm icbc ice icu id ie ieee ifm ikano il im imamat imdb immo immobilien in inc industries infiniti info ing ink ' +
    'institute insurance insure int international intuit investments io ipiranga iq ir irish is ismaili ist ' +
    'istanbul it itau itv ' +
    'jaguar java jcb je jeep jetzt jewelry jio jll jm jmp jnj jo jobs joburg jot joy jp jpmorgan jprs juegos juniper ' +
    'kaufen kddi ke kerryhotels kerryproperties kfh kg kh ki kia kids kim kindle kitchen kiwi ' +
    'km kn koeln komatsu kosher kp kpmg kpn kr krd kred kuokgroup kw ky kyoto kz ' +
    'la lacaixa lamborghini lamer land landrover lanxess lasalle lat latino latrobe law lawyer lb lc lds ' +
    'lease leclerc lefrak legal lego lexus lgbt li lidl life lifeinsurance lifestyle lighting like lilly limited limo ' +
    'lincoln link live living lk llc llp loan loans locker locus lol london lotte lotto love lpl lplfinancial ' +
    'lr ls lt ltd ltda lu lundbeck luxe luxury lv ly ' +
    'ma madrid maif maison makeup man management mango map market marketing markets marriott marshalls mattel mba mc ' +
    'mckinsey md me med media meet melbourne meme memorial men menu merckmsd mg mh miami microsoft mil mini mint mit ' +
    'mitsubishi mk ml mlb mls mm mma mn mo mobi mobile moda moe moi mom monash money monster mormon mortgage moscow ' +
    'moto motorcycles mov movie mp mq mr ms msd mt mtn mtr mu museum music mv mw mx my mz ' +
    'na nab nagoya name navy nba nc ne nec net netbank netflix network neustar new news next nextdirect nexus ' +
    'nf nfl ng ngo nhk ni nico nike nikon ninja nissan nissay nl no nokia norton now nowruz nowtv np nr nra nrw ntt ' +
    'nu nyc nz ' +
    'obi observer office okinawa olayan olayangroup ollo om omega one ong onl online ooo open oracle orange ' +
    'org organic origins osaka otsuka ott ovh ' +
    'pa page panasonic paris pars partners parts party pay pccw pe pet pf pfizer pg ph pharmacy phd philips phone ' +
    'photo photography photos physio pics pictet pictures pid pin ping pink pioneer pizza pk pl place play ' +
    'playstation plumbing plus pm pn pnc pohl poker politie porn post pr praxi press prime pro prod ' +
    'productions prof progressive promo properties property protection pru prudential ps pt pub pw pwc py ' +
    'qa qpon quebec quest ' +
    'racing radio re read realestate realtor realty recipes red redumbrella rehab reise reisen reit ' +
    'reliance ren rent rentals repair report republican rest restaurant review reviews rexroth rich richardli ricoh ' +
    'ril rio rip ro rocks rodeo rogers room rs rsvp ru rugby ruhr run rw rwe ryukyu ' +
    'sa saarland safe safety sakura sale salon samsclub samsung sandvik sandvikcoromant sanofi sap sarl sas save ' +
    'saxo sb sbi sbs sc scb schaeffler schmidt scholarships school schule schwarz science scot sd se search seat ' +
    'secure security seek select sener services seven sew sex sexy sfr sg sh shangrila sharp shell shia shiksha ' +
    'shoes shop shopping shouji show si silk sina singles site sj sk ski skin sky skype sl sling sm smart ' +
    'smile sn sncf so soccer social softbank software sohu solar solutions song sony soy spa space sport spot sr srl ' +
    'ss st stada staples star statebank statefarm stc stcgroup stockholm storage store stream studio study style su ' +
    'sucks supplies supply support surf surgery suzuki sv swatch swiss sx sy sydney systems sz ' +
    'tab taipei talk taobao target tatamotors tatar tattoo tax taxi tc tci td tdk team tech technology tel temasek ' +
    'tennis teva tf tg th thd theater theatre tiaa tickets tienda tips tires tirol tj tjmaxx tjx tk tkmaxx tl tm ' +
    'tmall tn to today tokyo tools top toray toshiba total tours town toyota toys tr trade trading training travel ' +
    'travelers travelersinsurance trust trv tt tube tui tunes tushu tv tvs tw tz ' +
    'ua ubank ubs ug uk unicom university uno uol ups us uy uz ' +
    'va vacations vana vanguard vc ve vegas ventures verisign versicherung vet vg vi viajes video vig viking villas ' +
    'vin vip virgin visa vision viva vivo vlaanderen vn vodka volvo vote voting voto voyage vu ' +
    'wales walmart walter wang wanggou watch watches weather weatherchannel webcam weber website wed wedding weibo ' +
    'weir wf whoswho wien wiki williamhill win windows wine winners wme wolterskluwer woodside work works world wow ' +
    'ws wtc wtf ' +
    'xbox xerox xihuan xin xxx xyz ' +
    'yachts yahoo yamaxun yandex ye yodobashi yoga yokohama you youtube yt yun ' +
    'za zappos zara zero zip zm zone zuerich zw'
  ),
);
