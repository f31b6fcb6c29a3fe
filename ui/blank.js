// The benchmark's floor of the cold start (NYTTA_BENCH_BLANK_WINDOW=1, src-tauri/src/main.rs;
// docs/prestanda.md): a blank page that sets the mark the portfolio sets once its first rows
// are painted, at the same point of the frame — a task queued from the animation frame after
// the page's first rendering.
requestAnimationFrame(() => setTimeout(() => performance.mark('nytta:portfolio-rendered'), 0));
