export default function Withdrawals() {
  return <p>Withdrawals</p>;
}
