// Both languages have every text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KEYS, languageOf, translate } from "../../www/i18n.js";

test("English and Chinese have the same keys", () => {
  assert.deepEqual([...KEYS.zh].sort(), [...KEYS.en].sort());
});

test("placeholders are filled and languages are read from tags", () => {
  assert.equal(translate("en", "resp.first", { shown: 50, total: 272 }), "First 50 of 272 observations.");
  assert.equal(translate("zh", "resp.first", { shown: 50, total: 272 }), "显示 272 个观测中的前 50 个。");
  assert.equal(languageOf("zh-Hant-TW"), "zh");
  assert.equal(languageOf("en-GB"), "en");
  assert.equal(languageOf(undefined), "en");
});
