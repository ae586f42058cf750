/**
 * GPU hardware: specs read from {@code configs/hardware/<NAME>.json}
 * ({@link dev.memwall.hardware.HardwareCatalog}, {@link dev.memwall.hardware.HardwareSpec}), each
 * number with its source and provenance tag ([M] measured, [V] vendor, [E] estimated, [R]
 * recalled), plus the efficiency factors and fixed overheads the roofline needs.
 */
package dev.memwall.hardware;
