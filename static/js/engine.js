/* Flouria's rule engine for the browser and the service worker (classic script, no build).
   A port of flouria_pwa/rules/facts.py and flouria_pwa/rules/engine.py: logic only. The rules,
   every product parameter [P] (thresholds, windows, value sets) and the contract's defaults come
   from the rules bundle of GET /api/v1/rules (rules.catalogue.rules_bundle): {catalogue,
   parameters, contract: {checkin, profile}}. Keep both sides in step: tests/test_engine_node.py
   and tests/e2e/test_conformance.py compare them.
   Dates are "YYYY-MM-DD" strings, turned into UTC day numbers for all arithmetic. */
(function (global) {
  'use strict';

  const GP = 'huisarts';

  function fail(message) {
    const error = new Error(message);
    error.name = 'CatalogueError';
    throw error;
  }
  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const show = (value) => JSON.stringify(value);

  // "YYYY-MM-DD" → days since 1970-01-01 (UTC, so no time zone can move a day).
  function dayNumber(iso) {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso);
    const time = m && Date.UTC(+m[1], m[2] - 1, +m[3]);
    if (!m || new Date(time).toISOString().slice(0, 10) !== iso) {
      throw new RangeError('not a YYYY-MM-DD date: ' + show(iso));
    }
    return time / 864e5;
  }

  // The bundle's parts the facts read, checked once per bundle.
  const checked = new WeakMap();
  function parts(rules) {
    if (!rules || typeof rules !== 'object') fail('not a rules bundle: ' + show(rules));
    let found = checked.get(rules);
    if (!found) {
      const { catalogue, parameters, contract } = rules;
      if (!catalogue || !parameters || !contract || !contract.checkin || !contract.profile) {
        fail('a rules bundle has a catalogue, parameters and a contract (GET /api/v1/rules)');
      }
      if (!contract.spot_areas) fail('a rules bundle has the spot -> area table (contract.spot_areas)');
      found = {
        catalogue, P: parameters, checkin: contract.checkin, profile: contract.profile,
        spotAreas: contract.spot_areas,
      };
      checked.set(rules, found);
    }
    return found;
  }

  // ---------------------------------------------------------------- §1 normalising

  // Contract defaults for absent or null fields (the engine_default when the contract has one);
  // sets become arrays without repeats, dates day numbers (facts._normalise).
  function normalise(raw, fields) {
    const clean = {};
    for (const field of fields) {
      let value = raw[field.name];
      if (value == null) value = field.engine_default == null ? field.default : field.engine_default;
      if (field.kind === 'set') value = [...new Set(value || [])];
      else if (field.kind === 'date' && value != null) value = dayNumber(value);
      clean[field.name] = value;
    }
    return clean;
  }

  // contract.areas_with_spots: the areas chosen directly plus those of the spots, in contract
  // order (an unknown spot adds nothing).
  function areasWithSpots(entry, fields, spotAreas) {
    const chosen = new Set(entry.areas);
    for (const spot of entry.spots) if (own(spotAreas, spot)) chosen.add(spotAreas[spot]);
    const order = fields.find((field) => field.name === 'areas').choices;
    return order.filter((area) => chosen.has(area));
  }

  function normaliseCheckin(raw, fields, spotAreas) {
    const entry = normalise(raw, fields);
    if (entry.stiffness_minutes == null) entry.stiffness_minutes = 0; // not reported counts as 0
    if (!entry.cramp) entry.cramp_when = entry.cramp_where = []; // details count only with a cramp
    entry.areas = areasWithSpots(entry, fields, spotAreas);
    return entry;
  }

  // ---------------------------------------------------------------- §2 history

  // stiff(e) of §3
  const isStiff = (e, P) => e.stiffness >= P.stiff_score || e.stiffness_minutes >= P.stiff_minutes;

  // §2.1 S: the current check-in, then each history id at its first position only, without
  // the current id and without dates after D.
  function collect(checkin, history, fields, spotAreas) {
    const current = normaliseCheckin(checkin, fields, spotAreas);
    const entries = [current];
    const seen = new Set();
    for (const raw of history || []) {
      const id = raw.id;
      if (id != null) {
        if (seen.has(id)) continue;
        seen.add(id);
        if (id === current.id) continue;
      }
      const entry = normaliseCheckin(raw, fields, spotAreas);
      if (entry.date <= current.date) entries.push(entry);
    }
    return entries;
  }

  // §2.2 one merged record per check-in day, newest first (days[0] is D).
  function dayRecords(entries, P) {
    const byDate = new Map();
    for (const e of entries) byDate.set(e.date, [...(byDate.get(e.date) || []), e]);
    return [...byDate].sort((a, b) => b[0] - a[0]).map(([date, es]) => ({
      date,
      pain: Math.max(...es.map((e) => e.pain)),
      stiffness: Math.max(...es.map((e) => e.stiffness)),
      stiff: es.some((e) => isStiff(e, P)),
      cramp: es.some((e) => e.cramp),
      limited: es.some((e) => e.limits.length > 0),
      areas: new Set(es.flatMap((e) => e.areas)),
      load: es.some((e) => P.load_activities.includes(e.activity)),
    }));
  }

  const between = (days, start, end) => days.filter((d) => start <= d.date && d.date <= end);
  const count = (days, test) => days.filter(test).length;
  const sum = (days, key) => days.reduce((total, d) => total + d[key], 0);
  // part/whole ≥ share_percent %, in integers (no float rounding at the boundary)
  const most = (part, whole, P) => 100 * part >= P.share_percent * whole;

  // ---------------------------------------------------------------- §3 derived facts

  function derive(c, p, days, P) {
    const D = c.date;
    const stiff = isStiff(c, P);
    // §2.4 six-week window: B_k = [D−7k−6, D−7k] for k = 0…5, W = [D−41, D] (block_days 7,
    // block_count 6)
    const size = P.block_days;
    const blocks = Array.from({ length: P.block_count },
      (_, k) => between(days, D - size * k - (size - 1), D - size * k));
    const covered = blocks.every((block) => block.length > 0);
    const W = between(days, D - (size * P.block_count - 1), D);
    const [B0, B5] = [blocks[0], blocks[blocks.length - 1]];
    // increasing: the last trend_days check-in days (L) against the trend_days before them (E)
    const n = P.trend_days;
    const [L, E] = [days.slice(0, n), days.slice(n, 2 * n)];
    const rise = (key) => sum(L, key) - sum(E, key) >= P.trend_rise;
    // new_area_days: the pseudo-code of §3
    let newArea = 0;
    for (const a of c.areas) {
      let run = 0;
      let f = D;
      for (const d of days) {
        if (!d.areas.has(a)) break;
        run += 1;
        f = d.date;
      }
      const lookback = f - P.new_area_lookback_days;
      const reachesBack = days.some((d) => d.date <= lookback);
      const absentBefore = !between(days, lookback, f - 1).some((d) => d.areas.has(a));
      if (reachesBack && absentBefore) newArea = Math.max(newArea, run);
    }
    // C: the cramp days, oldest first; a gap of more than cramp_gap_days ends a stretch
    const C = days.filter((d) => d.cramp).map((d) => d.date).reverse();
    let runDays = 0;
    if (C.length) {
      let f = C[C.length - 1];
      for (let i = C.length - 2; i >= 0 && f - C[i] <= P.cramp_gap_days; i--) f = C[i];
      runDays = D - f;
    }
    // rf8_due: at most once per rf8_interval_days
    let shown = null;
    for (const d of C) if (shown === null || d - shown >= P.rf8_interval_days) shown = d;
    const started = p.strength_training_since;
    const lastDays = (length) => between(days, D - (length - 1), D); // [D − length + 1, D]
    return {
      stiff,
      acute: Boolean(c.swelling || c.injury),
      neuro: Boolean(c.numbness || P.new_strength_loss.includes(c.strength_loss) || c.radiating ||
        c.saddle_numbness),
      overloaded: P.load_activities.includes(c.activity) &&
        Boolean(c.cramp || stiff || c.pain >= P.overload_pain),
      oa_start: p.osteoarthritis.length > 0 && started != null && 0 <= D - started &&
        D - started <= P.oa_start_days,
      assessed: Boolean(p.assessed) ||
        (c.areas.length > 0 && c.areas.every((a) => p.osteoarthritis.includes(a))),
      cramp_med: c.cramp && p.medication.some((m) => P.cramp_medication.includes(m)),
      covered6w: covered,
      long_standing: Boolean(p.long_standing) ||
        (covered && most(count(W, (d) => d.stiff), W.length, P)),
      persistent_pain_6w: covered && most(count(W, (d) => d.pain >= P.persistent_pain), W.length, P) &&
        sum(B0, 'pain') * B5.length >= sum(B5, 'pain') * B0.length, // mean(B_0) ≥ mean(B_5)
      increasing: days.length >= 2 * n && (rise('pain') || rise('stiffness')),
      new_area_days: newArea,
      cramp_days_14: count(lastDays(P.cramp_window_days), (d) => d.cramp),
      cramp_run_days: runDays,
      measures_tried: runDays >= P.measures_tried_days,
      limited_days_7: count(days.slice(0, P.limited_window), (d) => d.limited),
      recent_load: lastDays(P.recent_load_days).some((d) => d.load),
      rf8_due: shown === D,
    };
  }

  // The normalised check-in and profile, and their facts (facts._prepare).
  function prepare(rules, checkin, profile, history) {
    const { P, checkin: checkinFields, profile: profileFields, spotAreas } = parts(rules);
    const entries = collect(checkin, history, checkinFields, spotAreas);
    const c = entries[0];
    const p = normalise(profile || {}, profileFields);
    return [c, p, derive(c, p, dayRecords(entries, P), P)];
  }

  const computeFacts = (rules, checkin, profile, history) =>
    prepare(rules, checkin, profile, history)[2];

  // The names a condition reads: c.<field>, p.<field> and the bare facts.
  function buildEnv(rules, checkin, profile, history) {
    const [c, p, env] = prepare(rules, checkin, profile, history);
    for (const name in c) env['c.' + name] = c[name];
    for (const name in p) env['p.' + name] = p[name];
    return env;
  }

  // ---------------------------------------------------------------- the condition language
  // (catalogue.json "$comment"); sets are arrays, and an empty one is false, as in Python.

  const COMPARE = {
    '>=': (a, b) => a >= b, '<=': (a, b) => a <= b, '>': (a, b) => a > b,
    '<': (a, b) => a < b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
  };

  function lookup(env, name) {
    if (typeof name !== 'string' || !own(env, name)) fail('unknown name ' + show(name));
    return env[name];
  }

  // A list argument of exactly `length` items, or a non-empty one when `length` is 0.
  function list(arg, length, op) {
    if (!Array.isArray(arg) || (length ? arg.length !== length : !arg.length)) {
      fail(`'${op}' cannot take ${show(arg)}`);
    }
    return arg;
  }

  const OPERATORS = {
    all: (arg, env) => list(arg, 0, 'all').every((cond) => evaluate(cond, env)),
    any: (arg, env) => list(arg, 0, 'any').some((cond) => evaluate(cond, env)),
    not: (arg, env) => !evaluate(arg, env),
    fact(arg, env) {
      const value = lookup(env, arg);
      return Array.isArray(value) ? value.length > 0 : Boolean(value);
    },
    cmp(arg, env) {
      const [name, op, value] = list(arg, 3, 'cmp');
      if (!own(COMPARE, op)) fail('unknown comparison ' + show(op));
      return COMPARE[op](lookup(env, name), value);
    },
    has: (arg, env) => lookup(env, list(arg, 2, 'has')[0]).includes(arg[1]),
    overlaps: (arg, env) => {
      const values = lookup(env, list(arg, 2, 'overlaps')[0]);
      return arg[1].some((v) => values.includes(v));
    },
    empty: (arg, env) => lookup(env, arg).length === 0,
    in: (arg, env) => list(arg, 2, 'in')[1].includes(lookup(env, arg[0])),
  };

  // A condition is an object with exactly one key, its operator.
  function evaluate(cond, env) {
    const keys = cond && typeof cond === 'object' && !Array.isArray(cond) ? Object.keys(cond) : [];
    if (keys.length !== 1) fail('a condition is an object with one operator key: ' + show(cond));
    if (!own(OPERATORS, keys[0])) fail('unknown operator ' + show(keys[0]));
    return OPERATORS[keys[0]](cond[keys[0]], env);
  }

  // ---------------------------------------------------------------- §4 selection

  const URGENCIES = ['now', 'today', 'soon']; // docs/rules.md §9, most urgent first
  const URGENT = ['now', 'today']; // P8: only the card (K1 aside)

  // The first variant whose condition holds gives `key`, else the default (engine._first_match).
  function firstMatch(variants, env, key, fallback) {
    const found = (variants || []).find((v) => evaluate(v.when, env));
    return found ? found[key] : fallback;
  }

  // The highest urgency of these (now > today > soon), or null without any.
  function mostUrgent(levels) {
    const present = levels.filter((level) => level != null);
    return present.length ? URGENCIES[Math.min(...present.map((l) => URGENCIES.indexOf(l)))] : null;
  }

  // The names that exist once the rules have fired (engine.outcome_names): only suppressions
  // and text variants read them.
  function outcome(catalogue, fired, urgency) {
    const names = {};
    const flags = fired.filter((rule) => rule.category === GP);
    for (const rule of catalogue.rules) {
      if (rule.category === GP) names['fired.' + rule.id] = flags.includes(rule);
    }
    names.urgent = URGENT.includes(mostUrgent(Object.values(urgency)));
    names.red_flag_a = flags.some((rule) => rule.tier === 'A');
    return names;
  }

  // Fire every rule (each red flag with its urgency), drop what the suppressions remove, sort
  // by `order` (P1, P6). Every tip before the cap, as
  // {rule_id, tip_id, category, text_id, sources, source_ids, urgency}. `rules` is the bundle.
  function selectTips(rules, checkin, profile, history) {
    const { catalogue } = parts(rules);
    const env = buildEnv(rules, checkin, profile, history);
    const fired = catalogue.rules.filter((rule) => evaluate(rule.when, env));
    const urgency = {};
    for (const rule of fired) {
      urgency[rule.id] = rule.category === GP
        ? firstMatch(rule.urgency_variants, env, 'urgency', rule.urgency) : null;
    }
    const after = Object.assign({}, env, outcome(catalogue, fired, urgency));
    const removedCategories = new Set();
    const removedRules = new Set();
    for (const s of catalogue.suppressions) {
      if (!evaluate(s.when, after)) continue;
      for (const category of s.remove_categories || []) removedCategories.add(category);
      for (const id of s.remove_rules || []) removedRules.add(id);
    }
    const rank = (rule) => catalogue.order.indexOf(rule.id);
    return fired
      .filter((rule) => !removedCategories.has(rule.category) && !removedRules.has(rule.id))
      .sort((a, b) => rank(a) - rank(b))
      .map((rule) => ({
        rule_id: rule.id,
        tip_id: rule.id.toLowerCase(),
        category: rule.category,
        // the first matching variant's text replaces the rule's
        text_id: firstMatch(rule.variants, after, 'text', rule.text),
        sources: rule.sources.map((id) => catalogue.sources[id].file),
        source_ids: rule.sources.slice(),
        urgency: urgency[rule.id],
      }));
  }

  // P6 revised (docs/rules.md §9): [huisarts tips, the first `cap` tips, the rest], no rotation.
  function displaySelection(tips, cap) {
    if (!Number.isInteger(cap)) fail('cap must be a whole number, got ' + show(cap));
    const gp = tips.filter((tip) => tip.category === GP);
    const care = tips.filter((tip) => tip.category !== GP);
    const shown = care.slice(0, Math.max(cap, 0));
    return [gp, shown, care.slice(shown.length)];
  }

  global.FlouriaEngine = { selectTips, displaySelection, mostUrgent, computeFacts, evaluate };
})(self);
