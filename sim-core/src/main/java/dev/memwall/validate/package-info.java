/**
 * Validation against measurements: a case file ({@code configs/validation/*.json}) names a trace,
 * a cluster config or a model and GPU, and measured values; {@link dev.memwall.validate.Validator}
 * simulates the case and pairs every measured metric with its simulated value;
 * {@link dev.memwall.validate.Report} prints the {@code metric | measured | simulated | error %}
 * tables as text or Markdown and judges each case against its gate. Files a case points at under
 * {@code ../shared} may be absent: the case is then skipped, not failed.
 */
package dev.memwall.validate;
