/** The WAP sign-in page's look: its own banner and colours, no external assets (the CSP allows only this nonce-bound style). */
export const wapPageStyle = `
  body { margin: 0; font-family: system-ui, "Segoe UI", sans-serif; background: #1f3a5f; color: #1b1b1b; }
  header { color: #fff; padding: 14px 24px; font-weight: 600; letter-spacing: .02em; }
  header small { display: block; font-weight: 400; opacity: .8; }
  main { max-width: 420px; margin: 6vh auto; background: #fff; padding: 32px 40px; border-radius: 4px; box-shadow: 0 4px 16px rgba(0,0,0,.35); }
  h1 { font-size: 21px; font-weight: 600; margin: 0 0 8px; }
  .realm { margin: 0 0 16px; color: #3b3b3b; }
  label { display: block; margin: 12px 0 4px; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 7px; font-size: 15px; border: 1px solid #6b7a8f; border-radius: 2px; }
  .kmsi label { display: inline; }
  button { margin-top: 20px; min-width: 120px; padding: 7px 14px; font-size: 15px; border: 0; border-radius: 2px; background: #1f3a5f; color: #fff; cursor: pointer; }
  .error { color: #b00020; display: block; margin: 8px 0; min-height: 1em; }
  footer { margin-top: 24px; font-size: 12px; color: #5c5c5c; }
`;
