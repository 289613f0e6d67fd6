import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messaging/client';
import { KNOWN_SITES } from '@/lib/sites/known';
import { isSiteEnabled, setSiteEnabled, type Settings } from '@/lib/settings';
import { parseSiteInput } from '@/lib/site-input';
import { t, tn, type MessageKey } from '@/lib/i18n';
import { useSettings } from './useSettings';
import { CorrectionsPanel } from './CorrectionsPanel';
import { Stars } from './Stars';
import { DisplayContext, displayFrom } from './display';
// Index sources
import { SourcesPanel } from './SourcesPanel';

/** A labelled on/off switch (a checkbox with role=switch, styled as a toggle). */
function Switch(props: {
  checked: boolean;
  onChange: (on: boolean) => void;
  site?: string;
  children: preact.ComponentChildren;
}) {
  return (
    <label class="mq-switch">
      <input
        type="checkbox"
        role="switch"
        data-site={props.site}
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span class="mq-switch-label">{props.children}</span>
    </label>
  );
}

function AddSite({ onAdd }: { onAdd: (host: string) => void }) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string>();
  return (
    <form
      class="mq-add-site"
      onSubmit={(e) => {
        e.preventDefault();
        const host = parseSiteInput(text);
        if (!host) {
          setInvalid(text.trim());
          return;
        }
        setInvalid(undefined);
        setText('');
        onAdd(host);
      }}
    >
      <label for="mq-add-site-input">{t('addSiteLabel')}</label>
      <div class="mq-inline">
        <input
          id="mq-add-site-input"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder={t('addSitePlaceholder')}
          value={text}
          aria-invalid={invalid !== undefined}
          aria-describedby={invalid !== undefined ? 'mq-add-site-error' : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="mq-button">
          {t('addSite')}
        </button>
      </div>
      {invalid !== undefined && (
        <p id="mq-add-site-error" class="mq-error" role="alert">
          {t('siteInvalid', [invalid])}
        </p>
      )}
    </form>
  );
}

function Radios<V extends string>(props: {
  name: string;
  legend: string;
  value: V;
  options: [V, MessageKey][];
  onChange: (v: V) => void;
}) {
  return (
    <fieldset class="mq-field">
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value} class="mq-radio">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled range input with its current value shown beside it (and an optional hint). */
function Slider(props: {
  id: string;
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  shown: string;
  hint?: string;
  onChange: (value: number) => void;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="mq-field">
      <label for={props.id}>{props.label}</label>
      <div class="mq-inline">
        <input
          id={props.id}
          type="range"
          min={props.min}
          max={props.max}
          step={props.step}
          value={props.value}
          aria-describedby={hintId}
          onChange={(e) => props.onChange(Number(e.currentTarget.value))}
        />
        <output for={props.id}>{props.shown}</output>
      </div>
      {props.hint && (
        <p id={hintId} class="mq-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

function DisplaySection({
  settings,
  update,
}: {
  settings: Settings;
  update: (p: Partial<Settings>) => void;
}) {
  const sample = { value: 3.5, scale: 5 };
  return (
    <section id="display" class="mq-panel" aria-labelledby="display-h">
      <h2 id="display-h">{t('displayHeading')}</h2>
      <Slider
        id="mq-hover-delay"
        label={t('hoverDelayLabel')}
        min={0}
        max={1500}
        step={50}
        value={settings.hoverDelay}
        shown={t('hoverDelayValue', [settings.hoverDelay])}
        onChange={(hoverDelay) => update({ hoverDelay })}
      />
      <Radios
        name="markStyle"
        legend={t('markStyleLabel')}
        value={settings.markStyle}
        options={[
          ['badge', 'markStyle_badge'],
          ['underline', 'markStyle_underline'],
          ['off', 'markStyle_off'],
        ]}
        onChange={(markStyle) => update({ markStyle })}
      />
      <Slider
        id="mq-min-confidence"
        label={t('minConfidenceLabel')}
        min={0.3}
        max={1}
        step={0.05}
        value={settings.minConfidence}
        shown={t('percentValue', [Math.round(settings.minConfidence * 100)])}
        hint={t('minConfidenceHint')}
        onChange={(minConfidence) => update({ minConfidence })}
      />
      <Radios
        name="ratingScale"
        legend={t('ratingScaleLabel')}
        value={settings.ratingScale}
        options={[
          ['stars', 'ratingScale_stars'],
          ['ten', 'ratingScale_ten'],
        ]}
        onChange={(ratingScale) => update({ ratingScale })}
      />
      <p class="mq-preview" aria-hidden="true">
        <Stars rating={sample} />
      </p>
      <div class="mq-field">
        <label for="mq-dim-below">{t('dimBelowLabel')}</label>
        <select
          id="mq-dim-below"
          value={String(settings.dimBelow)}
          onChange={(e) => update({ dimBelow: Number(e.currentTarget.value) })}
        >
          <option value="0">{t('dimOff')}</option>
          {[1, 1.5, 2, 2.5, 3, 3.5].map((stars) => (
            <option key={stars} value={String(stars / 5)}>
              {t('dimValue', [stars])}
            </option>
          ))}
        </select>
      </div>
      <div class="mq-field">
        <Switch checked={settings.spoilerSafe} onChange={(spoilerSafe) => update({ spoilerSafe })}>
          {t('spoilerSafeLabel')}
        </Switch>
      </div>
    </section>
  );
}

/** Options: sites on/off (known, custom, all others), index sources, display, corrections. */
export function OptionsApp() {
  const { settings, repaired, update } = useSettings();
  const [status, setStatus] = useState<{ entries: number; sources: number; error?: string }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = t('optionsTitle'); // the HTML <title> is English until this runs
    send('status', {})
      .then(setStatus)
      .catch((e: unknown) => setError((e as Error).message));
  }, []);

  if (!settings) return <p class="mq-muted mq-pad">{t('loading')}</p>;
  const save = (patch: Partial<Settings>) => void update(patch);
  const custom = Object.keys(settings.sites)
    .filter((host) => !KNOWN_SITES.some((s) => s.host === host))
    .sort();
  const removeSite = (host: string) => {
    save({ sites: Object.fromEntries(Object.entries(settings.sites).filter(([h]) => h !== host)) });
  };

  return (
    <DisplayContext.Provider value={displayFrom(settings)}>
      <main class="mq-options">
        <h1>{t('optionsTitle')}</h1>
        {repaired.length > 0 && (
          <p class="mq-notice" role="status">
            {t('settingsRepaired', [repaired.join(', ')])}
          </p>
        )}
        <section id="sites" class="mq-panel" aria-labelledby="sites-h">
          <h2 id="sites-h">{t('sitesHeading')}</h2>
          <p class="mq-hint">{t('sitesHint')}</p>
          <h3>{t('knownSitesHeading')}</h3>
          <ul class="mq-rows mq-sites">
            {KNOWN_SITES.map((site) => (
              <li key={site.host}>
                <Switch
                  site={site.host}
                  checked={isSiteEnabled(settings, site.host)}
                  onChange={(on) => save(setSiteEnabled(settings, site.host, on))}
                >
                  {site.name} <span class="mq-muted">{site.host}</span>
                </Switch>
              </li>
            ))}
          </ul>
          <h3>{t('customSitesHeading')}</h3>
          <ul class="mq-rows mq-sites mq-custom-sites">
            {custom.length === 0 && <li class="mq-muted">{t('noCustomSites')}</li>}
            {custom.map((host) => (
              <li key={host}>
                <Switch
                  site={host}
                  checked={settings.sites[host]!}
                  onChange={(on) => save(setSiteEnabled(settings, host, on))}
                >
                  {host}
                </Switch>
                <button
                  type="button"
                  class="mq-button mq-button-quiet"
                  aria-label={t('removeSiteLabel', [host])}
                  data-remove-site={host}
                  onClick={() => removeSite(host)}
                >
                  {t('removeSite')}
                </button>
              </li>
            ))}
          </ul>
          <AddSite onAdd={(host) => save(setSiteEnabled(settings, host, true))} />
          <ul class="mq-rows mq-sites">
            <li>
              <Switch site="*" checked={settings.otherSites} onChange={(otherSites) => save({ otherSites })}>
                {t('otherSites')}
              </Switch>
            </li>
          </ul>
        </section>
        {/* Index sources: subscriptions, order, import, export. */}
        <div id="sources" class="mq-panel">
          <SourcesPanel settings={settings} update={update} />
          {error && <p class="mq-error">{t('errorPrefix', [error])}</p>}
          {status && (
            <p class="mq-hint">
              {t('indexStatus', [tn('reviewCount', status.entries), tn('sourceCount', status.sources)])}
            </p>
          )}
          {status?.error && <p class="mq-error">{status.error}</p>}
        </div>
        <DisplaySection settings={settings} update={save} />
        <section id="corrections" class="mq-panel" aria-labelledby="corrections-h">
          <h2 id="corrections-h">{t('correctionsHeading')}</h2>
          <CorrectionsPanel />
        </section>
      </main>
    </DisplayContext.Provider>
  );
}
