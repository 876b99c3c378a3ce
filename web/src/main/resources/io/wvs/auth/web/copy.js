// The copy button of a token shown once: the page works without it (the token is in a read-only
// field to select by hand); with JavaScript the button appears and copies the field's value.
document.addEventListener('DOMContentLoaded', function () {
  var buttons = document.querySelectorAll('button[data-copy-target]');
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute('data-copy-target'));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () { button.textContent = 'Copied'; };
      var byHand = function () { field.focus(); field.select(); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
});
