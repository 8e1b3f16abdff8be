export default function Wallets() {
  return <p>Wallets</p>;
}
