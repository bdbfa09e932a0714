// A number field that can be emptied. `Number('')` is 0: a field bound to a number showed "0" the
// moment it was cleared, so `required` never fired and a value the form's min refuses was sent. What
// is typed stays text until it is a number within the field's own bounds; until then the browser's
// validation (required, min, max, step) speaks, and the form keeps the last valid number.
import { useEffect, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  value: number;
  onValue: (value: number) => void;
};

export function NumberInput({ value, onValue, ...input }: Props) {
  const [text, setText] = useState(String(value));
  // A value set from outside (the saved answer, a reset) shows; the field's own text is kept while it
  // still says the same number or is not one yet.
  useEffect(() => {
    setText((typed) => (typed.trim() !== '' && Number(typed) === value ? typed : String(value)));
  }, [value]);
  return (
    <input
      {...input}
      type="number"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() !== '' && e.target.validity.valid) onValue(e.target.valueAsNumber);
      }}
    />
  );
}
