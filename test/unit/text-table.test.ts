/** One terminal table for `instances`, `profiles` and `tunnels` (issue 10: each had its own copy). */
import { describe, expect, it } from "vitest";
import { textTable } from "../../native-host/src/cli/text-table";

describe("textTable", () => {
  it("pads each column to its widest cell, two spaces apart, with no trailing spaces", () => {
    expect(
      textTable(
        ["PROFILE", "REGION", "EXPIRES"],
        [
          ["dev", "eu-west-1", "in 59 min"],
          ["contoso-prod-Admin", "-", ""],
        ],
      ),
    ).toBe(
      [
        "PROFILE             REGION     EXPIRES",
        "dev                 eu-west-1  in 59 min",
        "contoso-prod-Admin  -",
        "",
      ].join("\n"),
    );
  });

  it("prints the header alone when there are no rows", () => {
    expect(textTable(["A", "BB"], [])).toBe("A  BB\n");
  });
});
