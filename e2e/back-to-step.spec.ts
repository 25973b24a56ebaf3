import { expect, test } from "@playwright/test";

// On a phone the bench sits below the whole lesson: "Open in editor" takes the learner down to it,
// and a "Back to the step" button brings them back to where they were.
for (const theme of ["light", "dark"] as const) {
  test(`on a 390 px phone (${theme}), Open in editor goes down to the bench and Back to the step returns to the step`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: theme });
    if (theme === "dark")
      await page.addInitScript(() =>
        localStorage.setItem("kubelab-theme", "dark"),
      );
    await page.goto("/learn/module-05/exercise-5-3-jobs");
    await expect(
      page.getByRole("complementary", { name: "Lab bench" }).getByText("live"),
    ).toBeVisible({ timeout: 30_000 });
    await page.waitForFunction(() =>
      Boolean(
        (window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor,
      ),
    );
    const open = page.getByRole("button", { name: "Open in editor" }).first();
    await open.scrollIntoViewIfNeeded();
    const stepY = await page.evaluate(() => window.scrollY);
    await open.click();
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { timeout: 10_000 })
      .toBeGreaterThan(stepY + 1000);
    const back = page.getByRole("button", { name: "Back to the step" });
    await expect(back).toBeVisible();
    // Looked at by a person: the button over the bench, in both themes.
    await page.screenshot({
      path: test.info().outputPath(`back-to-step-390-${theme}.png`),
    });
    await back.click();
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { timeout: 10_000 })
      .toBeLessThan(stepY + 50);
    await expect(open).toBeInViewport();
    await expect(back).toHaveCount(0);
    const geometry = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(geometry.scrollWidth).toBeLessThanOrEqual(geometry.clientWidth);
  });
}
