package dev.lightcone.executor.host;

/**
 * The error numbers host functions return to modules (module-abi §3). The numbers are part of the
 * ABI and never change.
 */
public enum Errno {
    HOST_CALL_FAILURE(1),
    NOT_IN_TRANSACTION(2),
    BSATN_DECODE_ERROR(3),
    NO_SUCH_TABLE(4),
    NO_SUCH_INDEX(5),
    NO_SUCH_ITER(6),
    NO_SUCH_CONSOLE_TIMER(7),
    NO_SUCH_BYTES(8),
    NO_SPACE(9),
    WRONG_INDEX_ALGO(10),
    BUFFER_TOO_SMALL(11),
    UNIQUE_ALREADY_EXISTS(12),
    SCHEDULE_AT_DELAY_TOO_LONG(13),
    INDEX_NOT_UNIQUE(14),
    NO_SUCH_ROW(15),
    AUTO_INC_OVERFLOW(16),
    WOULD_BLOCK_TRANSACTION(17),
    TRANSACTION_NOT_ANONYMOUS(18),
    TRANSACTION_IS_READ_ONLY(19),
    TRANSACTION_IS_MUT(20),
    HTTP_ERROR(21);

    /** The status value for success. */
    public static final int OK = 0;
    /** The status value for "exhausted" (sources and iterators). */
    public static final int EXHAUSTED = -1;

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
