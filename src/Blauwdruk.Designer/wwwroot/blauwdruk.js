// The few things Blazor cannot do from the server: move focus to the first field with a problem after a failed submit.
window.blauwdruk = {
    focusFirstProblem(form) {
        const root = form || document;
        const invalid = root.querySelector('[aria-invalid="true"], .invalid input, .invalid select, .invalid textarea, .invalid .problem, .problem');
        if (!invalid) {
            return;
        }
        const target = invalid.matches('input, select, textarea') ? invalid : (invalid.querySelector('input, select, textarea') || invalid);
        if (!target.matches('input, select, textarea, [tabindex]')) {
            target.setAttribute('tabindex', '-1');
        }
        target.focus();
        target.scrollIntoView({ block: 'center' });
    }
};
