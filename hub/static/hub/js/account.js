// The header's account menu. The page is cached for everyone, so it arrives with the
// links for visitors; once /me/ says who you are, they become your display name and "Log out".
(function () {
  "use strict";
  var menu = document.querySelector("[data-account-menu]");
  if (!menu || !window.Hubbub) return;
  var Hubbub = window.Hubbub;

  function item(child) {
    var li = document.createElement("li");
    li.appendChild(child);
    return li;
  }

  Hubbub.me().then(function (me) {
    if (!me.authenticated || !me.account) return;
    var links = me.account.links;
    var name = document.createElement("a");
    name.href = links.account;
    name.textContent = me.account.name; // your display name (hub.people); text, never markup

    var logout = document.createElement("form");
    logout.method = "post";
    logout.action = links.logout;
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = me.csrf_token;
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "link-button";
    button.textContent = "Log out";
    logout.appendChild(token);
    logout.appendChild(button);

    var list = document.createElement("ul");
    list.appendChild(item(name));
    list.appendChild(item(logout));
    menu.replaceChildren(list);
  });
})();
