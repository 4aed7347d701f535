/**
 * ROC AUC of `scores` for 0/1 `labels` by the rank-sum (Mann–Whitney) statistic, ties given
 * their average rank; undefined when only one class is present.
 */
export function rankAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | undefined {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[order[k] as number] === 1) {
        pos++;
        rankSum += midRank;
      }
    i = j + 1;
  }
  const neg = n - pos;
  if (!pos || !neg) return undefined;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
