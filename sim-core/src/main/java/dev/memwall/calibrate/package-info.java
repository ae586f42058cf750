/**
 * {@code calibrate}: fits a GPU's roofline constants ({@link dev.memwall.hardware.RooflineConstants})
 * to measured kernel tables, LLMServingSim profile bundles ({@link dev.memwall.calibrate.BundleTables})
 * or its legacy per-layer tables ({@link dev.memwall.calibrate.LegacyTables}), by least squares on
 * relative error ({@link dev.memwall.calibrate.RooflineFit}); fits a serving engine's per-step and
 * per-sequence cost to a bundle's sampler times ({@link dev.memwall.calibrate.SamplerFit}) and the
 * engine terms to end-to-end request timings by simulation ({@link dev.memwall.calibrate.EndToEndFit});
 * and writes hardware and engine files whose every fitted number names its data and its fit
 * ({@link dev.memwall.calibrate.CalibratedFiles}).
 */
package dev.memwall.calibrate;
