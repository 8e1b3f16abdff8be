export default function Reservations() {
  return <p>Reservations</p>;
}
