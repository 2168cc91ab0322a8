/**
 * What the sign-in pages say for each AADSTS code, in the words Azure AD's own pages
 * use; the code and the technical message are shown below for the person debugging.
 */
export const pageMessages: Readonly<Record<string, string>> = {
  AADSTS50034: "We couldn't find an account with that username. Check it, try another, or ask your administrator to add you.",
  AADSTS50126: "Your account or password is incorrect. If you don't remember your password, ask your administrator to reset it.",
  AADSTS50053: 'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your administrator.',
  AADSTS50057: 'Your account has been disabled. Contact your administrator to enable it, then try again.',
  AADSTS50055: 'Your password has expired. Ask your administrator to set a new one (password change is not available in this lab).',
  AADSTS50008: "Your organization's sign-in service signed the token with a certificate this directory does not trust for your domain. Ask your administrator to refresh the domain's federation settings, then try again.",
  AADSTS50011: 'The application sent you here with a reply address it has not registered, so sign-in stopped here rather than send you there.',
  AADSTS700016: 'The application that sent you here is not registered in this directory.',
  AADSTS90002: 'That tenant does not exist here.',
  SIGN_IN_EXPIRED: 'This sign-in has expired or was started in another browser. Go back to the application and start again.',
  CSRF_TOKEN_INVALID: 'This form was not sent from the sign-in page it belongs to, so it was refused. Go back to the application and start again.',
  EMPTY_USERNAME: 'Enter a valid email address.',
  EMPTY_PASSWORD: 'Please enter your password.',
};

export function pageMessage(code: string, fallback: string): string {
  return pageMessages[code] ?? fallback;
}
