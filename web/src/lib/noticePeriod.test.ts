import { describe, expect, it } from "vitest";
import { noticePeriodError, toNoticeUnits } from "./noticePeriod.ts";

describe("toNoticeUnits", () => {
  it("writes seconds in the largest exact unit", () => {
    expect(toNoticeUnits(60)).toEqual({ value: "1", unit: 60 });
    expect(toNoticeUnits(86_400)).toEqual({ value: "1", unit: 86_400 });
    expect(toNoticeUnits(5_400)).toEqual({ value: "90", unit: 60 });
    expect(toNoticeUnits(61)).toEqual({ value: "61", unit: 1 });
  });
});

describe("noticePeriodError", () => {
  it("accepts the minimum and more", () => {
    expect(noticePeriodError("1", 60, 60)).toBeUndefined();
    expect(noticePeriodError(" 1.5 ", 3_600, 60)).toBeUndefined();
  });
  it("refuses less than the contract's minimum, in the minimum's unit", () => {
    expect(noticePeriodError("59", 1, 60)).toBe(
      "At least 1 minute: the contract's minimum notice period",
    );
    expect(noticePeriodError("23", 3_600, 86_400)).toBe(
      "At least 1 day: the contract's minimum notice period",
    );
    expect(noticePeriodError("1", 60, 120)).toBe(
      "At least 2 minutes: the contract's minimum notice period",
    );
  });
  it("refuses what is not a whole number of seconds or does not fit a uint32", () => {
    expect(noticePeriodError("", 60, 60)).toBe("A number, like 2 or 1.5");
    expect(noticePeriodError("-1", 60, 60)).toBe("A number, like 2 or 1.5");
    expect(noticePeriodError("1e3", 60, 60)).toBe("A number, like 2 or 1.5");
    expect(noticePeriodError("60.5", 1, 60)).toBe("Whole seconds only");
    expect(noticePeriodError("50000", 86_400, 60)).toBe("Too long: at most about 136 years");
  });
});
