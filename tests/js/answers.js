/* One function, used by the Node runner (run_engine_cases.mjs) and the Chromium conformance
   test (tests/e2e/test_conformance.py): the browser engine's answer to each request, given one
   JSON text {rules, requests, caps}. Each request is [checkin, profile, history]; each answer is
   {tips, facts, display, urgency} or {error}. JSON text both ways, so nothing depends on how a
   host passes objects. Needs self.FlouriaEngine (static/js/engine.js). */
(json) => {
  const { rules, requests, caps } = JSON.parse(json);
  const engine = self.FlouriaEngine;
  const ids = (tips) => tips.map((tip) => tip.tip_id);
  return JSON.stringify(requests.map(([checkin, profile, history]) => {
    try {
      const tips = engine.selectTips(rules, checkin, profile, history);
      const display = caps.map((cap) => engine.displaySelection(tips, cap).map(ids));
      const urgency = engine.mostUrgent(tips.map((tip) => tip.urgency));
      return { tips, facts: engine.computeFacts(rules, checkin, profile, history), display, urgency };
    } catch (error) {
      return { error: String(error) };
    }
  }));
}
