export default function Transactions() {
  return <p>Transactions</p>;
}
