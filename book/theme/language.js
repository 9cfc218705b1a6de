// The link between the two editions: the English book is in book/build, the
// Spanish one in book/build/es, with the same page names. The same page in
// the other edition (its headings have other anchors, so only the page).
(function () {
    "use strict";
    const buttons = document.querySelector("#mdbook-menu-bar .right-buttons, .right-buttons");
    if (!buttons) {
        return;
    }
    const spanish = document.documentElement.lang === "es";
    const page = window.location.pathname.split("/").pop() || "index.html";
    const link = document.createElement("a");
    link.className = "language-switch";
    link.href = path_to_root + (spanish ? "../" : "es/") + page;
    link.hreflang = spanish ? "en" : "es";
    link.lang = spanish ? "en" : "es";
    link.textContent = spanish ? "English" : "Español";
    link.title = spanish ? "Read this page in English" : "Leer esta página en español";
    buttons.prepend(link);
})();
