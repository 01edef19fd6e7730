import type { BenchModule } from "./types";

// Placeholder: this area's figures arrive with its implementation.
const bench: BenchModule = { run: async () => [] };
export default bench;
