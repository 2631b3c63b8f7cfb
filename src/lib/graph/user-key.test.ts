import { describe, expect, it } from "vitest";
import { InvalidUserKeyError, userPath } from "./user-key";

describe("userPath", () => {
  it("uses an object id as is", () => {
    expect(userPath("6f1967b7-15e8-4935-ac26-d50770ed07a7")).toBe("/users/6f1967b7-15e8-4935-ac26-d50770ed07a7");
  });

  it("encodes # in guest UPNs as %23", () => {
    expect(userPath("AdeleV_adatum.com#EXT#@contoso.com")).toBe("/users/AdeleV_adatum.com%23EXT%23@contoso.com");
  });

  it("keeps an apostrophe readable and encodes spaces and non-ASCII", () => {
    expect(userPath("o'brien@contoso.com")).toBe("/users/o'brien@contoso.com");
    expect(userPath("zoë@contoso.com")).toBe("/users/zo%C3%AB@contoso.com");
  });

  it.each([
    "",
    "   ",
    " a@b.com",
    "a/b@contoso.com",
    "..",
    "a..b@contoso.com",
    "a?x=1@contoso.com",
    "a\\b",
    "a%23EXT%23@c.com",
    "a\nb@c.com",
    "$svc@contoso.com",
  ])("rejects %j", (key) => {
    expect(() => userPath(key)).toThrow(InvalidUserKeyError);
  });
});
