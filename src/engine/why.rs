// Longer than 400 lines on purpose: most of it is one table, each sentence with its five
// translations side by side so that a translator reads and checks a sentence in one place.
// Split by language, every new reason would have to be added in five files.

//! What the shopper reads in "why am I seeing this": the passed checks that mean something to
//! them, in their language (English, French, German, Spanish, Arabic; others get English).
//! The store owner's reasons stay in English (`Reason::text`), where a passed check reads as
//! [`Why::owner`]: the same fact told about the shopper, in the third person.

use super::locale::spoken;
use super::owed::Hold;
use super::profile::Stage;
use super::template::{ordinal, Formatter};

/// A passed check, as the shopper is told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The stage condition matched.
    Stage(Stage),
    /// Anniversary of the first order, in whole years.
    Anniversary(i64),
    /// The birthday is within the configured window.
    Birthday,
    /// An order was just placed.
    JustOrdered,
    /// An order was placed (a while ago: the thank-you was kept for the shopper).
    Ordered,
    /// A lapsed customer came back; days since the last order.
    WelcomeBack(i64),
    /// The gesture follows this event of the shopper's (a store-defined name).
    Follows(String),
    /// This order is the shopper's n-th.
    NthOrder(u32),
    /// Orders placed so far.
    Orders(u32),
    /// A big spender.
    BestCustomer,
    /// Days since the last order.
    DaysSinceOrder(i64),
    /// Days since the previous visit.
    DaysSinceVisit(i64),
    /// A favourite category (the store's own name for it).
    Likes(String),
    /// A category in the last order.
    Bought(String),
    /// Feedback was given.
    FeedbackGiven,
    /// No feedback yet.
    NoFeedbackYet,
    /// A store event done `n` times.
    Did(String, u32),
    /// Signed in or not.
    SignedIn(bool),
    /// No condition: the store shows this to everyone.
    Everyone(String),
    /// A store owner's preview.
    Preview,
    /// Whole days since a store event of the shopper's (a store-defined name), with an
    /// item in a category when the condition names one.
    Since {
        /// The event's name.
        event: String,
        /// The category, when the condition names one.
        category: Option<String>,
        /// Whole days since.
        days: i64,
    },
    /// The gesture was owed to the shopper since a moment (the date as the shopper reads
    /// it) and waited because of `hold`.
    Waited {
        /// What held it back.
        hold: Hold,
        /// When the moment was, formatted for the shopper.
        since: String,
    },
}

/// Counted units, each as (singular, plural) per language; Arabic has its own rules.
#[derive(Clone, Copy)]
enum Unit {
    Day,
    Year,
    Order,
}

fn count(lang: &str, unit: Unit, n: i64, num: &dyn Fn(i64) -> String) -> String {
    if lang == "ar" {
        // Arabic: 1 and 2 are words (2 in the genitive for days, which follow "قبل"); by the
        // last two digits, 3 to 10 take the plural, 11 to 99 the singular accusative, and
        // 0, 100, 101, 102... the singular genitive.
        let (one, two, few, many, other) = match unit {
            Unit::Day => ("يوم واحد", "يومين", "أيام", "يومًا", "يوم"),
            Unit::Year => ("سنة واحدة", "سنتان", "سنوات", "سنة", "سنة"),
            Unit::Order => ("طلب واحد", "طلبان", "طلبات", "طلبًا", "طلب"),
        };
        return match (n, n.rem_euclid(100)) {
            (1, _) => one.to_string(),
            (2, _) => two.to_string(),
            (_, 3..=10) => format!("{} {few}", num(n)),
            (_, 11..=99) => format!("{} {many}", num(n)),
            _ => format!("{} {other}", num(n)),
        };
    }
    let forms = match (lang, unit) {
        ("fr", Unit::Day) => ("jour", "jours"),
        ("fr", Unit::Year) => ("an", "ans"),
        ("fr", Unit::Order) => ("commande", "commandes"),
        ("de", Unit::Day) => ("Tag", "Tage"),
        ("de", Unit::Year) => ("Jahr", "Jahre"),
        ("de", Unit::Order) => ("Bestellung", "Bestellungen"),
        ("es", Unit::Day) => ("día", "días"),
        ("es", Unit::Year) => ("año", "años"),
        ("es", Unit::Order) => ("pedido", "pedidos"),
        (_, Unit::Day) => ("day", "days"),
        (_, Unit::Year) => ("year", "years"),
        (_, Unit::Order) => ("order", "orders"),
    };
    // French counts 0 and 1 as singular.
    let one = n == 1 || (lang == "fr" && n == 0);
    format!("{} {}", num(n), if one { forms.0 } else { forms.1 })
}

/// A lifecycle stage in the store owner's words (`a repeat buyer`).
pub fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::NewVisitor => "a new visitor",
        Stage::Browsing => "a returning visitor who has not ordered yet",
        Stage::FirstTimeBuyer => "a first-time buyer",
        Stage::Repeat => "a repeat buyer",
        Stage::Loyal => "a loyal customer",
        Stage::Lapsed => "a lapsed customer",
    }
}

/// A store event as the shopper reads it: `sign up`, `view item (Tea)`.
fn since_what(event: &str, category: Option<&str>) -> String {
    let name = event.replace('_', " ");
    match category {
        Some(c) => format!("{name} ({c})"),
        None => name,
    }
}

/// `1 time`, `2 times`: how often, for the store owner.
fn times(n: i64) -> String {
    if n == 1 {
        "1 time".into()
    } else {
        format!("{n} times")
    }
}

impl Why {
    /// The text in `locale`, numbers written by `num`.
    pub fn text(&self, locale: &str, num: &dyn Fn(i64) -> String) -> String {
        // The few languages the widget speaks; anything else is English.
        let l = spoken(locale);
        // One sentence in the five languages; `{}` takes the variant's value.
        let pick = |en: &str, fr: &str, de: &str, es: &str, ar: &str| -> String {
            match l {
                "fr" => fr,
                "de" => de,
                "es" => es,
                "ar" => ar,
                _ => en,
            }
            .to_string()
        };
        let days = |d: i64| count(l, Unit::Day, d, num);
        match self {
            Why::Stage(Stage::NewVisitor) => pick(
                "this is your first visit",
                "c'est votre première visite",
                "das ist Ihr erster Besuch",
                "es su primera visita",
                "هذه زيارتك الأولى",
            ),
            Why::Stage(Stage::Browsing) => pick(
                "you have visited us before",
                "vous nous avez déjà rendu visite",
                "Sie waren schon einmal bei uns",
                "ya nos ha visitado antes",
                "لقد زرتنا من قبل",
            ),
            Why::Stage(Stage::FirstTimeBuyer) => pick(
                "you have ordered from us once",
                "vous avez commandé une fois chez nous",
                "Sie haben einmal bei uns bestellt",
                "ha hecho un pedido con nosotros",
                "لقد طلبت منا مرة واحدة",
            ),
            Why::Stage(Stage::Repeat) => pick(
                "you have ordered from us more than once",
                "vous avez commandé plusieurs fois chez nous",
                "Sie haben mehrmals bei uns bestellt",
                "ha hecho varios pedidos con nosotros",
                "لقد طلبت منا أكثر من مرة",
            ),
            Why::Stage(Stage::Loyal) => pick(
                "you are one of our most loyal customers",
                "vous faites partie de nos clients les plus fidèles",
                "Sie gehören zu unseren treuesten Kunden",
                "es uno de nuestros clientes más fieles",
                "أنت من أوفى عملائنا",
            ),
            Why::Stage(Stage::Lapsed) => pick(
                "it has been a while since your last order",
                "votre dernière commande remonte à un moment",
                "Ihre letzte Bestellung ist eine Weile her",
                "ha pasado un tiempo desde su último pedido",
                "مرّ بعض الوقت منذ آخر طلب لك",
            ),
            Why::Anniversary(y) => pick(
                "it is {} since your first order",
                "votre première commande date d'il y a {}",
                "Ihre erste Bestellung ist {} her",
                "hace {} de su primer pedido",
                "مرّت {} على طلبك الأول",
            )
            .replace("{}", &count(l, Unit::Year, *y, num)),
            Why::Birthday => pick(
                "your birthday is around now",
                "c'est le moment de votre anniversaire",
                "Sie haben in diesen Tagen Geburtstag",
                "su cumpleaños es por estas fechas",
                "عيد ميلادك في هذه الأيام",
            ),
            Why::JustOrdered => pick(
                "you just placed an order",
                "vous venez de passer commande",
                "Sie haben gerade bestellt",
                "acaba de hacer un pedido",
                "لقد قدّمت طلبًا للتو",
            ),
            Why::Ordered => pick(
                "you placed an order with us",
                "vous avez passé commande chez nous",
                "Sie haben bei uns bestellt",
                "hizo un pedido con nosotros",
                "قدّمت طلبًا لدينا",
            ),
            Why::WelcomeBack(d) => pick(
                "welcome back: your last order was {} ago",
                "bon retour : votre dernière commande date d'il y a {}",
                "willkommen zurück: Ihre letzte Bestellung ist {} her",
                "bienvenido de nuevo: su último pedido fue hace {}",
                "أهلًا بعودتك: آخر طلب لك كان قبل {}",
            )
            .replace("{}", &days(*d)),
            Why::Follows(event) => pick(
                "this follows your {}",
                "cela fait suite à : {}",
                "als Antwort auf: {}",
                "a raíz de: {}",
                "بعد: {}",
            )
            .replace("{}", &event.replace('_', " ")),
            // "commande" is feminine: première, not premier.
            Why::NthOrder(1) if l == "fr" => "c'est votre première commande".to_string(),
            Why::NthOrder(n) => {
                let digits = num(i64::from(*n));
                pick(
                    "this is your {} order",
                    "c'est votre {} commande",
                    "das ist Ihre {} Bestellung",
                    "es su {} pedido",
                    "هذا طلبك رقم {}",
                )
                .replace(
                    "{}",
                    &match l {
                        "ar" => digits,
                        // Before a masculine noun Spanish shortens primero and tercero: 3.er pedido.
                        "es" if matches!(n % 10, 1 | 3) && n % 100 != 11 => format!("{digits}.er"),
                        _ => ordinal(l, i64::from(*n), &digits),
                    },
                )
            }
            Why::Orders(n) => pick(
                "you have placed {} with us",
                "vous avez passé {} chez nous",
                "Sie haben {} bei uns aufgegeben",
                "ha hecho {} con nosotros",
                "عدد طلباتك لدينا: {}",
            )
            .replace(
                "{}",
                &if l == "ar" {
                    num(i64::from(*n))
                } else {
                    count(l, Unit::Order, i64::from(*n), num)
                },
            ),
            // What the rule checked (spending over the store's threshold), not flattery:
            // a shopper who spent €66 is not told they are a best customer.
            Why::BestCustomer => pick(
                "your orders with us have passed the amount this offer is for",
                "vos commandes chez nous ont dépassé le montant prévu pour cette offre",
                "Ihre Bestellungen bei uns haben den Betrag für dieses Angebot überschritten",
                "sus pedidos con nosotros superan el importe previsto para esta oferta",
                "تجاوزت طلباتك لدينا المبلغ المحدد لهذا العرض",
            ),
            Why::DaysSinceOrder(d) => pick(
                "your last order was {} ago",
                "votre dernière commande date d'il y a {}",
                "Ihre letzte Bestellung ist {} her",
                "su último pedido fue hace {}",
                "آخر طلب لك كان قبل {}",
            )
            .replace("{}", &days(*d)),
            Why::DaysSinceVisit(d) => pick(
                "your previous visit was {} ago",
                "votre visite précédente date d'il y a {}",
                "Ihr letzter Besuch ist {} her",
                "su visita anterior fue hace {}",
                "زيارتك السابقة كانت قبل {}",
            )
            .replace("{}", &days(*d)),
            Why::Likes(cat) => pick(
                "you like {}",
                "vous aimez : {}",
                "Sie mögen: {}",
                "le gusta: {}",
                "أنت تحب: {}",
            )
            .replace("{}", cat),
            Why::Bought(cat) => pick(
                "your last order included {}",
                "votre dernière commande comprenait : {}",
                "Ihre letzte Bestellung enthielt: {}",
                "su último pedido incluía: {}",
                "تضمّن طلبك الأخير: {}",
            )
            .replace("{}", cat),
            Why::FeedbackGiven => pick(
                "you told us what you think",
                "vous nous avez donné votre avis",
                "Sie haben uns Ihre Meinung gesagt",
                "nos dio su opinión",
                "لقد أخبرتنا برأيك",
            ),
            Why::NoFeedbackYet => pick(
                "you have not told us what you think yet",
                "vous ne nous avez pas encore donné votre avis",
                "Sie haben uns Ihre Meinung noch nicht gesagt",
                "aún no nos ha dado su opinión",
                "لم تخبرنا برأيك بعد",
            ),
            // The count goes in first: a store's event name may itself contain braces.
            Why::Did(name, n) => pick(
                "you did this before: {name} ({n}×)",
                "vous l'avez déjà fait : {name} ({n}×)",
                "Sie haben das schon getan: {name} ({n}×)",
                "ya lo ha hecho: {name} ({n}×)",
                "قمت بذلك من قبل: {name} ({n}×)",
            )
            .replace("{n}", &num(i64::from(*n)))
            .replace("{name}", name),
            Why::SignedIn(true) => pick(
                "you are signed in",
                "vous êtes connecté",
                "Sie sind angemeldet",
                "ha iniciado sesión",
                "أنت مسجّل الدخول",
            ),
            Why::SignedIn(false) => pick(
                "you are not signed in",
                "vous n'êtes pas connecté",
                "Sie sind nicht angemeldet",
                "no ha iniciado sesión",
                "أنت غير مسجّل الدخول",
            ),
            Why::Everyone(store) => pick(
                "{} shows this to every visitor",
                "{} montre ceci à tous les visiteurs",
                "{} zeigt dies allen Besuchern",
                "{} muestra esto a todos los visitantes",
                "يعرض {} هذا لكل الزوار",
            )
            .replace("{}", store),
            Why::Preview => pick(
                "preview for the store owner: shown on request, rules not applied",
                "aperçu pour le marchand : affiché sur demande, sans appliquer les règles",
                "Vorschau für den Shop-Betreiber: auf Anfrage gezeigt, ohne Regeln",
                "vista previa para la tienda: mostrada a petición, sin aplicar las reglas",
                "معاينة لصاحب المتجر: معروضة عند الطلب دون تطبيق القواعد",
            ),
            // The days go in first: a store's names may themselves contain braces.
            Why::Since {
                event,
                category,
                days: d,
            } => pick(
                "it has been {days} since your {event}",
                "il y a {days} : {event}",
                "{event}: {days} her",
                "hace {days}: {event}",
                "قبل {days}: {event}",
            )
            .replace("{days}", &days(*d))
            .replace("{event}", &since_what(event, category.as_deref())),
            Why::Waited { hold, since } => {
                let kept = pick(
                    "kept for you since",
                    "gardé pour vous depuis le",
                    "für Sie aufgehoben seit dem",
                    "guardado para usted desde el",
                    "محفوظ لك منذ",
                );
                let because = match hold {
                    Hold::Checkout => pick(
                        "it waited until you were past checkout",
                        "il a attendu la fin de votre commande",
                        "es hat gewartet, bis Ihre Bestellung abgeschlossen war",
                        "esperó a que terminara su compra",
                        "انتظر حتى أنهيت عملية الدفع",
                    ),
                    Hold::Budget => pick(
                        "it waited so as not to show you too much at once",
                        "il a attendu pour ne pas vous en montrer trop à la fois",
                        "es hat gewartet, um Ihnen nicht zu viel auf einmal zu zeigen",
                        "esperó para no mostrarle demasiado a la vez",
                        "انتظر كي لا نعرض عليك الكثير دفعة واحدة",
                    ),
                    Hold::Quiet => pick(
                        "it waited a while after you closed the last message",
                        "il a attendu un peu après la fermeture du dernier message",
                        "es hat nach Ihrer letzten geschlossenen Nachricht eine Weile gewartet",
                        "esperó un tiempo después de que cerrara el último mensaje",
                        "انتظر قليلًا بعد أن أغلقت الرسالة السابقة",
                    ),
                    Hold::OnScreen => pick(
                        "it waited while another message was on screen",
                        "il a attendu qu'un autre message ne soit plus affiché",
                        "es hat gewartet, während eine andere Nachricht zu sehen war",
                        "esperó mientras otro mensaje estaba en pantalla",
                        "انتظر بينما كانت رسالة أخرى معروضة",
                    ),
                    Hold::Away => pick(
                        "it waited for your next visit to a page of our store",
                        "il a attendu votre prochaine page sur notre boutique",
                        "es hat auf Ihre nächste Seite in unserem Shop gewartet",
                        "esperó a su siguiente página en nuestra tienda",
                        "انتظر زيارتك التالية لصفحة من متجرنا",
                    ),
                };
                format!("{kept} {since}: {because}")
            }
        }
    }

    /// The shopper's English text with plain digits.
    pub fn english(&self) -> String {
        self.text("en", &|n| n.to_string())
    }

    /// The store owner's reason: the same fact told about the shopper, in plain English
    /// with plain digits (`the shopper has placed 2 orders`), never in the shopper's voice.
    pub fn owner(&self) -> String {
        let digits = |n: i64| n.to_string();
        let days = |d: i64| count("en", Unit::Day, d, &digits);
        match self {
            Why::Stage(s) => format!("the shopper is {}", stage_words(*s)),
            Why::Anniversary(y) => format!(
                "it is {} since the shopper's first order",
                count("en", Unit::Year, *y, &digits)
            ),
            Why::Birthday => "the shopper's birthday is around now".into(),
            Why::JustOrdered => "the shopper just placed an order".into(),
            Why::Ordered => "the shopper placed an order".into(),
            Why::WelcomeBack(d) => format!(
                "a lapsed customer is back: the last order was {} ago",
                days(*d)
            ),
            Why::Follows(event) => format!("follows the shopper's {}", event.replace('_', " ")),
            Why::NthOrder(n) => format!(
                "this is the shopper's {} order",
                ordinal("en", i64::from(*n), &n.to_string())
            ),
            Why::Orders(n) => format!(
                "the shopper has placed {}",
                count("en", Unit::Order, i64::from(*n), &digits)
            ),
            Why::BestCustomer => "the shopper's orders passed the spending threshold".into(),
            Why::DaysSinceOrder(d) => format!("the shopper's last order was {} ago", days(*d)),
            Why::DaysSinceVisit(d) => {
                format!("the shopper's previous visit was {} ago", days(*d))
            }
            Why::Likes(cat) => format!("{cat:?} is one of the shopper's favourite categories"),
            Why::Bought(cat) => format!("the shopper's last order included {cat:?}"),
            Why::FeedbackGiven => "the shopper has given feedback".into(),
            Why::NoFeedbackYet => "the shopper has not given feedback yet".into(),
            Why::Did(name, n) => format!(
                "the shopper's {name:?} event was recorded {}",
                times(i64::from(*n))
            ),
            Why::SignedIn(true) => "the shopper is signed in (the store called identify)".into(),
            Why::SignedIn(false) => "the shopper is not signed in".into(),
            Why::Everyone(_) => "no condition: shown to every visitor".into(),
            Why::Preview => "the store owner's preview: rules not applied".into(),
            Why::Since {
                event,
                category,
                days: d,
            } => format!(
                "it has been {} since the shopper's {}",
                days(*d),
                since_what(event, category.as_deref())
            ),
            Why::Waited { hold, since } => format!(
                "kept for the shopper since {since}: held back by {}",
                hold.owner_text()
            ),
        }
    }

    /// The text for the shopper, in the formatter's locale and digits.
    pub fn for_shopper(&self, fmt: &dyn Formatter) -> String {
        self.text(fmt.locale(), &|n| fmt.number(n))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn digits(n: i64) -> String {
        n.to_string()
    }

    #[test]
    fn ok_counts_days_with_each_language_s_plural() {
        let t = |l: &str, d: i64| Why::DaysSinceOrder(d).text(l, &digits);
        assert_eq!(t("en", 1), "your last order was 1 day ago");
        assert_eq!(t("en", 3), "your last order was 3 days ago");
        assert_eq!(
            t("fr-FR", 1),
            "votre dernière commande date d'il y a 1 jour"
        );
        assert_eq!(t("fr", 0), "votre dernière commande date d'il y a 0 jour");
        assert_eq!(t("de", 3), "Ihre letzte Bestellung ist 3 Tage her");
        assert_eq!(t("es", 1), "su último pedido fue hace 1 día");
        assert_eq!(t("ar", 1), "آخر طلب لك كان قبل يوم واحد");
        assert_eq!(t("ar", 2), "آخر طلب لك كان قبل يومين");
        assert_eq!(t("ar", 3), "آخر طلب لك كان قبل 3 أيام");
        assert_eq!(t("ar", 15), "آخر طلب لك كان قبل 15 يومًا");
        assert_eq!(t("ar", 100), "آخر طلب لك كان قبل 100 يوم");
        assert_eq!(t("ar", 105), "آخر طلب لك كان قبل 105 أيام");
        assert_eq!(t("ar", 120), "آخر طلب لك كان قبل 120 يومًا");
    }

    #[test]
    fn ok_ordinals_and_unknown_languages() {
        assert_eq!(
            Why::NthOrder(3).text("en", &digits),
            "this is your 3rd order"
        );
        assert_eq!(
            Why::NthOrder(1).text("fr", &digits),
            "c'est votre première commande"
        );
        assert_eq!(
            Why::NthOrder(2).text("fr", &digits),
            "c'est votre 2e commande"
        );
        assert_eq!(
            Why::NthOrder(3).text("de-AT", &digits),
            "das ist Ihre 3. Bestellung"
        );
        assert_eq!(Why::NthOrder(2).text("es", &digits), "es su 2.º pedido");
        assert_eq!(Why::NthOrder(3).text("es", &digits), "es su 3.er pedido");
        assert_eq!(Why::NthOrder(11).text("es", &digits), "es su 11.º pedido");
        // A store's names are inserted once, never read as placeholders.
        assert_eq!(
            Why::Did("{n} {}".into(), 2).text("en", &digits),
            "you did this before: {n} {} (2×)"
        );
        // `<html lang="FR">` or `fr_CA` is French, as the widget's buttons are.
        for l in ["FR", "fr_CA"] {
            assert_eq!(
                Why::Birthday.text(l, &digits),
                "c'est le moment de votre anniversaire"
            );
        }
        // A language the widget does not speak reads English.
        assert_eq!(
            Why::Birthday.text("ja", &digits),
            "your birthday is around now"
        );
    }
}
