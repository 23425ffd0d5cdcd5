// Switchboard — actions that must not run twice: the button is disabled
// (and says it is busy) from the first click until the action is over.
export function once(button, action) {
  button.addEventListener('click', async (ev) => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await action(ev);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}
