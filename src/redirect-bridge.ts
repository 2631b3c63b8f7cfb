// MSAL v5 redirect bridge: hands the authorization response back to the window that started the
// flow (redirect, popup or silent iframe). It must not load the app or create a PCA.
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

broadcastResponseToMainFrame().catch(() => {
  const message = document.querySelector("p");
  if (message) message.textContent = "Sign-in could not be completed. Close this window and try again from TAP Desk.";
});
