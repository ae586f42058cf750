package dev.memwall.config;

/**
 * Per-instance values that take precedence over the command line (LLMServingSim: "instance value
 * &gt; CLI"). Every field is {@code null} when the instance does not set it. Keys are the snake_case
 * forms of the field names ({@code max_num_seqs}, ...). The instance's {@code npu_mem.mem_util}
 * is the remaining override and lives in {@link NpuMemConfig#memUtil()}.
 *
 * @param maxNumSeqs max running requests, &gt;= 0 (0 = unlimited)
 * @param maxNumBatchedTokens token budget per iteration, &gt;= 0 (0 = the model's context cap)
 * @param longPrefillTokenThreshold per-request cap on tokens per step, &gt;= 0 (0 = off)
 * @param blockSize KV block size in tokens, &gt; 0
 * @param dtype one of float16, bfloat16, float32, fp8, int8
 * @param kvCacheDtype auto or fp8
 * @param enableChunkedPrefill split prefills across iterations
 * @param enablePrefixCaching hash-chained KV prefix cache
 * @param reserveFullIsl admit only if the whole sequence fits in KV
 * @param enableLocalOffloading also time HBM weight reads as transfers
 * @param enableAttnOffloading decode attention on PIM channels
 * @param enableSubBatchInterleaving overlap NPU and PIM sub-batches
 * @param enableBlockCopy reuse one block's trace for all layers (a trace-generation shortcut)
 */
public record RuntimeOverrides(Integer maxNumSeqs, Integer maxNumBatchedTokens,
        Integer longPrefillTokenThreshold, Integer blockSize, String dtype, String kvCacheDtype,
        Boolean enableChunkedPrefill, Boolean enablePrefixCaching, Boolean reserveFullIsl,
        Boolean enableLocalOffloading, Boolean enableAttnOffloading,
        Boolean enableSubBatchInterleaving, Boolean enableBlockCopy) {

    /** No overrides: every value comes from the command line. */
    public static final RuntimeOverrides NONE = new RuntimeOverrides(null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    /** True when the instance overrides nothing. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
