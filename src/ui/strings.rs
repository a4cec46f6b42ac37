//! The widget's own words (buttons, labels), in the shopper's language. Gesture texts come
//! from the store's config; these are the chrome around them.

use crate::engine::locale::spoken;

/// Chrome strings for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strings {
    /// Close button label.
    pub close: &'static str,
    /// Minimise button label (collapses the gesture to a tab).
    pub minimise: &'static str,
    /// The "why" disclosure button.
    pub why: &'static str,
    /// Heading of the why panel.
    pub why_title: &'static str,
    /// Explains what is stored.
    pub why_device: &'static str,
    /// After `why_device`: nothing leaves the browser.
    pub why_local: &'static str,
    /// After `why_device`, under a feedback prompt whose answer goes to the store.
    pub why_sent: &'static str,
    /// Forget button.
    pub forget: &'static str,
    /// After forgetting.
    pub forgotten: &'static str,
    /// Opt-out button: nothing more is shown on this device.
    pub stop: &'static str,
    /// Reveal a code.
    pub reveal: &'static str,
    /// While an issued code loads.
    pub loading: &'static str,
    /// When the code service fails.
    pub code_failed: &'static str,
    /// Copy button.
    pub copy: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// Share button (a code meant to be passed on).
    pub share: &'static str,
    /// When the clipboard is refused.
    pub copy_manually: &'static str,
    /// "Your code" label.
    pub your_code: &'static str,
    /// Expiry prefix, before the date.
    pub valid_until: &'static str,
    /// Apply link.
    pub apply: &'static str,
    /// Submit feedback.
    pub send: &'static str,
    /// Stars legend suffix: "{n} of 5".
    pub stars_of: &'static str,
    /// NPS low end.
    pub not_likely: &'static str,
    /// NPS high end.
    pub very_likely: &'static str,
    /// Preview badge.
    pub preview: &'static str,
    /// Asks to pick a score first.
    pub pick_score: &'static str,
    /// Region label for the widget.
    pub region: &'static str,
}

const EN: Strings = Strings {
    close: "Close",
    minimise: "Minimise",
    why: "Why am I seeing this?",
    why_title: "Why you are seeing this",
    why_device: "This is based only on what this browser remembers of your visits to this store.",
    why_local: "Nothing is sent anywhere.",
    why_sent: "Your answer is sent to the store; nothing else leaves this browser.",
    forget: "Forget what this device remembers",
    forgotten: "Done. This device no longer remembers your visits.",
    stop: "Stop showing me these",
    reveal: "Reveal your code",
    loading: "Getting your code…",
    code_failed: "We could not get your code. Please try again.",
    copy: "Copy code",
    copied: "Copied",
    share: "Share",
    copy_manually:
        "Your browser blocked copying. The code is selected: copy it with your keyboard.",
    your_code: "Your code",
    valid_until: "Valid until",
    apply: "Apply to my cart",
    send: "Send",
    stars_of: "of 5 stars",
    not_likely: "Not likely",
    very_likely: "Very likely",
    preview: "Preview",
    pick_score: "Please choose a score first.",
    region: "A message from the store",
};

const FR: Strings = Strings {
    close: "Fermer",
    minimise: "Réduire",
    why: "Pourquoi ce message ?",
    why_title: "Pourquoi vous voyez ce message",
    why_device: "Il se fonde uniquement sur ce que ce navigateur retient de vos visites dans cette boutique.",
    why_local: "Rien n’est envoyé ailleurs.",
    why_sent: "Votre réponse est envoyée à la boutique ; rien d’autre ne quitte ce navigateur.",
    forget: "Effacer ce que cet appareil retient",
    forgotten: "C’est fait. Cet appareil ne retient plus vos visites.",
    stop: "Ne plus m’afficher ces messages",
    reveal: "Afficher votre code",
    loading: "Récupération de votre code…",
    code_failed: "Impossible de récupérer votre code. Veuillez réessayer.",
    copy: "Copier le code",
    copied: "Copié",
    share: "Partager",
    copy_manually: "Votre navigateur a bloqué la copie. Le code est sélectionné : copiez-le au clavier.",
    your_code: "Votre code",
    valid_until: "Valable jusqu’au",
    apply: "Appliquer à mon panier",
    send: "Envoyer",
    stars_of: "sur 5 étoiles",
    not_likely: "Peu probable",
    very_likely: "Très probable",
    preview: "Aperçu",
    pick_score: "Choisissez d’abord une note.",
    region: "Un message de la boutique",
};

const DE: Strings = Strings {
    close: "Schließen",
    minimise: "Minimieren",
    why: "Warum sehe ich das?",
    why_title: "Warum Sie das sehen",
    why_device: "Das beruht nur darauf, was dieser Browser von Ihren Besuchen in diesem Shop speichert.",
    why_local: "Nichts wird versendet.",
    why_sent: "Ihre Antwort wird an den Shop gesendet; sonst verlässt nichts diesen Browser.",
    forget: "Gespeichertes auf diesem Gerät löschen",
    forgotten: "Erledigt. Dieses Gerät speichert Ihre Besuche nicht mehr.",
    stop: "Diese Hinweise nicht mehr zeigen",
    reveal: "Code anzeigen",
    loading: "Ihr Code wird geladen…",
    code_failed: "Ihr Code konnte nicht geladen werden. Bitte versuchen Sie es erneut.",
    copy: "Code kopieren",
    copied: "Kopiert",
    share: "Teilen",
    copy_manually: "Ihr Browser hat das Kopieren blockiert. Der Code ist markiert: Kopieren Sie ihn mit der Tastatur.",
    your_code: "Ihr Code",
    valid_until: "Gültig bis",
    apply: "Im Warenkorb einlösen",
    send: "Senden",
    stars_of: "von 5 Sternen",
    not_likely: "Unwahrscheinlich",
    very_likely: "Sehr wahrscheinlich",
    preview: "Vorschau",
    pick_score: "Bitte wählen Sie zuerst eine Bewertung.",
    region: "Eine Nachricht des Shops",
};

const ES: Strings = Strings {
    close: "Cerrar",
    minimise: "Minimizar",
    why: "¿Por qué veo esto?",
    why_title: "Por qué ve este mensaje",
    why_device: "Se basa solo en lo que este navegador recuerda de sus visitas a esta tienda.",
    why_local: "No se envía nada.",
    why_sent: "Su respuesta se envía a la tienda; nada más sale de este navegador.",
    forget: "Olvidar lo que recuerda este dispositivo",
    forgotten: "Hecho. Este dispositivo ya no recuerda sus visitas.",
    stop: "No volver a mostrarme esto",
    reveal: "Mostrar su código",
    loading: "Obteniendo su código…",
    code_failed: "No pudimos obtener su código. Inténtelo de nuevo.",
    copy: "Copiar código",
    copied: "Copiado",
    share: "Compartir",
    copy_manually:
        "Su navegador bloqueó la copia. El código está seleccionado: cópielo con el teclado.",
    your_code: "Su código",
    valid_until: "Válido hasta el",
    apply: "Aplicar a mi carrito",
    send: "Enviar",
    stars_of: "de 5 estrellas",
    not_likely: "Poco probable",
    very_likely: "Muy probable",
    preview: "Vista previa",
    pick_score: "Elija primero una puntuación.",
    region: "Un mensaje de la tienda",
};

const AR: Strings = Strings {
    close: "إغلاق",
    minimise: "تصغير",
    why: "لماذا أرى هذا؟",
    why_title: "لماذا ترى هذه الرسالة",
    why_device: "يعتمد ذلك فقط على ما يتذكره هذا المتصفح من زياراتك لهذا المتجر.",
    why_local: "لا يُرسَل أي شيء.",
    why_sent: "تُرسَل إجابتك إلى المتجر، ولا يغادر أي شيء آخر هذا المتصفح.",
    forget: "امسح ما يتذكره هذا الجهاز",
    forgotten: "تم. لم يعد هذا الجهاز يتذكر زياراتك.",
    stop: "توقّف عن عرض هذه الرسائل",
    reveal: "اكشف رمزك",
    loading: "جارٍ جلب رمزك…",
    code_failed: "تعذّر جلب رمزك. يُرجى المحاولة مرة أخرى.",
    copy: "انسخ الرمز",
    copied: "تم النسخ",
    share: "مشاركة",
    copy_manually: "منع متصفحك النسخ. الرمز محدَّد: انسخه بلوحة المفاتيح.",
    your_code: "رمزك",
    valid_until: "صالح حتى",
    apply: "طبّقه على سلتي",
    send: "إرسال",
    stars_of: "من 5 نجوم",
    not_likely: "غير مرجح",
    very_likely: "مرجح جدًا",
    preview: "معاينة",
    pick_score: "يُرجى اختيار تقييم أولًا.",
    region: "رسالة من المتجر",
};

/// The strings for a locale (by primary language, in any case, `-` or `_`; English
/// otherwise).
pub fn strings(locale: &str) -> &'static Strings {
    match spoken(locale) {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        "ar" => &AR,
        _ => &EN,
    }
}
