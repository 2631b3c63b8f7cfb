/** Where the person given a pass registers with it (the card links it; slips print the steps and a QR code). */
export { SECURITY_INFO_URL } from "../../domain/registration-steps";
