import { endianness } from "node:os";

/** An architecture's audit number (seccomp_data.arch) and its add_key, request_key and keyctl numbers. */
interface KeyringCalls {
  readonly architecture: number;
  readonly calls: readonly number[];
}

/**
 * The seccomp filter every sandbox's program runs under, on both paths: installed by bwrap from
 * `--seccomp` for a bwrap per run (sandbox-command.ts), and by each run's program process in a
 * zygote (zygote-source.ts). Kernel keyrings belong to no namespace: a key one run adds, another run can
 * find (through a session keyring both inherit, for one). As Docker's default profile does, the program
 * gets ENOSYS for add_key, request_key and keyctl, and for every call of another architecture (int 0x80
 * on x86_64) or of x32, whose numbers the checks below do not cover.
 *
 * The audit architectures and numbers are the kernel's (include/uapi/linux/audit.h,
 * arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h); keys are what
 * `uname -m` says.
 */
const keyringCalls: Readonly<Record<string, KeyringCalls>> = {
  x86_64: { architecture: 0xc000_003e, calls: [248, 249, 250] },
  aarch64: { architecture: 0xc000_00b7, calls: [217, 218, 219] },
};

// Classic BPF over struct seccomp_data (include/uapi/linux/seccomp.h): nr at offset 0, arch at 4.
const loadWord = 0x20; // BPF_LD | BPF_W | BPF_ABS
const jumpIfEqual = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const jumpIfAtLeast = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const returnValue = 0x06; // BPF_RET | BPF_K
const allow = 0x7fff_0000; // SECCOMP_RET_ALLOW
const refuse = 0x0005_0000 | 38; // SECCOMP_RET_ERRNO | ENOSYS
const x32Bit = 0x4000_0000; // __X32_SYSCALL_BIT

type Instruction = readonly [code: number, jumpTrue: number, jumpFalse: number, k: number];

/**
 * The filter for `machine` as bwrap and prctl(PR_SET_SECCOMP) take it: an array of struct sock_filter
 * (u16 code, u8 jt, u8 jf, u32 k, in the host's byte order), 8 bytes an instruction. Undefined for an
 * architecture whose numbers are not known here.
 */
export function keyringFilter(machine: string): Buffer | undefined {
  const known = keyringCalls[machine];
  if (known === undefined) return undefined;
  const { architecture, calls } = known;
  const program: Instruction[] = [
    [loadWord, 0, 0, 4],
    [jumpIfEqual, 1, 0, architecture],
    [returnValue, 0, 0, refuse],
    [loadWord, 0, 0, 0],
    // Jumps count the instructions they skip: each of these lands on the last one, the refusal.
    [jumpIfAtLeast, calls.length + 1, 0, x32Bit],
    ...calls.map((call, index): Instruction => [jumpIfEqual, calls.length - index, 0, call]),
    [returnValue, 0, 0, allow],
    [returnValue, 0, 0, refuse],
  ];
  const bytes = Buffer.alloc(program.length * 8);
  const little = endianness() === "LE";
  program.forEach(([code, jumpTrue, jumpFalse, k], index) => {
    const at = index * 8;
    if (little) bytes.writeUInt16LE(code, at);
    else bytes.writeUInt16BE(code, at);
    bytes.writeUInt8(jumpTrue, at + 2);
    bytes.writeUInt8(jumpFalse, at + 3);
    if (little) bytes.writeUInt32LE(k, at + 4);
    else bytes.writeUInt32BE(k, at + 4);
  });
  return bytes;
}

/** The filter for each known architecture as a Python dict literal, `uname -m` to bytes, for the zygote. */
export function keyringFiltersInPython(): string {
  const entries = Object.keys(keyringCalls).map(
    (machine) => `"${machine}": bytes.fromhex("${keyringFilter(machine)?.toString("hex") ?? ""}")`,
  );
  return `{${entries.join(", ")}}`;
}
