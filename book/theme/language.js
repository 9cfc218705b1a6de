// The link between the two editions: the English book is in book/build, the
// Spanish one in book/build/es, with the same page names (when served, on two ports). The same page in
// the other edition (its headings have other anchors, so only the page).
(function () {
    "use strict";
    const buttons = document.querySelector("#mdbook-menu-bar .right-buttons, .right-buttons");
    if (!buttons) {
        return;
    }
    const spanish = document.documentElement.lang === "es";
    // The page's path below the book's root: as many folders as path_to_root
    // climbs ("../" for slides/opening.html), then the file's name.
    const depth = (path_to_root.match(/\.\.\//g) || []).length;
    const parts = window.location.pathname.split("/");
    const page = parts.slice(-1 - depth).join("/") || "index.html";
    const link = document.createElement("a");
    link.className = "language-switch";
    link.href = path_to_root + (spanish ? "../" : "es/") + page;
    // `nox -s serve` serves each edition on a port of its own (PORTS in
    // tools/course/mdbook.py): there the other edition is another server.
    const ports = { en: "3000", es: "3001" };
    if (window.location.protocol.startsWith("http") && window.location.port === ports[spanish ? "es" : "en"]) {
        const other = ports[spanish ? "en" : "es"];
        link.href = `${window.location.protocol}//${window.location.hostname}:${other}/${page}`;
    }
    link.hreflang = spanish ? "en" : "es";
    link.lang = spanish ? "en" : "es";
    link.textContent = spanish ? "English" : "Español";
    link.title = spanish ? "Read this page in English" : "Leer esta página en español";
    buttons.prepend(link);
    if (!spanish) {
        return;
    }
    // mdBook's own buttons, in Spanish too (their English titles, by mdBook 0.5.4).
    const titles = {
        "Search (`/`)": "Buscar (`/`)",
        "Toggle Table of Contents": "Mostrar u ocultar el índice",
        "Change theme": "Cambiar el tema",
        "Print this book": "Imprimir este libro",
        "Git repository": "Repositorio git",
        "Suggest an edit": "Proponer un cambio (en el texto en inglés)",
        "Next chapter": "Capítulo siguiente",
        "Previous chapter": "Capítulo anterior",
    };
    for (const element of document.querySelectorAll("[title]")) {
        const title = titles[element.getAttribute("title")];
        if (title) {
            element.title = title;
            element.setAttribute("aria-label", title);
        }
    }
    const search = document.getElementById("mdbook-searchbar");
    if (search) {
        search.placeholder = "Buscar en el libro ...";
    }
})();
